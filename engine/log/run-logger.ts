import { Writable } from 'node:stream';
import winston from 'winston';
import { formatLine } from './format-line.js';
import { createConsoleDisplay, type ProgressDisplay } from './progress-display.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** What the engine logs through: human lines on the console, JSON lines in the run's log file. */
export interface RunLogger {
  /** `detail`: a line a quiet console leaves out (it still goes to the log file, without the flag). */
  log(level: LogLevel, message: string, fields?: { state?: string; detail?: boolean } & Record<string, unknown>): void;
  progress(state: string, progress: { current: number; total?: number; message?: string }): void;
  endProgress(state: string): void;
  /** Flushes the log file. */
  close(): Promise<void>;
}

/** Marks a detail line for the console transport; a symbol, so the log file's JSON never shows it. */
const DETAIL = Symbol('detail');

/** Console lines go through the progress display, so bars and lines do not overwrite each other. */
function createDisplayStream(display: ProgressDisplay, tag: (state?: string) => string | undefined): Writable {
  return new Writable({
    objectMode: true,
    write(info: { level: string; message: unknown; state?: string }, _encoding, next) {
      const state = tag(info.state);
      display.print(formatLine({ time: new Date(), level: info.level, message: String(info.message), ...(state ? { state } : {}) }));
      next();
    },
  });
}

/**
 * How a run shows on the console. A grid's trials share the grid's display, tag their lines with the
 * trial (`t3`), and show warnings and errors only: 27 interleaved copies of every state line would bury them.
 */
export interface ConsoleOptions {
  display: ProgressDisplay;
  /** Put before every state name on the console (the file keeps the plain state). */
  prefix: string;
}

/** `verbose`: off a terminal, print every line too (`--verbose`); a grid trial uses its grid's display. */
export function createRunLogger(options: { logFile: string; console?: ConsoleOptions; verbose?: boolean }): RunLogger {
  const shared = options.console;
  const display = shared?.display ?? createConsoleDisplay({ verbose: options.verbose ?? false });
  const tag = (state?: string) => (shared ? (state ? `${shared.prefix}/${state}` : shared.prefix) : state);
  const file = new winston.transports.File({
    filename: options.logFile,
    level: 'debug',
    format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
  });
  const consoleLevel = shared ? 'warn' : 'info';
  const dropDetail = winston.format((info) => (display.quiet && (info as { [DETAIL]?: boolean })[DETAIL] ? false : info))();
  const consoleTransport = new winston.transports.Stream({ stream: createDisplayStream(display, tag), level: consoleLevel, format: dropDetail });
  const logger = winston.createLogger({ level: 'debug', transports: [consoleTransport, file] });
  // A trial's progress shows as a bar on a terminal; its plain throttled lines are left out.
  const showProgress = !shared || display.bars;
  return {
    log(level, message, { detail, ...fields } = {}) {
      logger.log(level, message, detail ? { ...fields, [DETAIL]: true } : fields);
    },
    progress(state, progress) {
      if (showProgress) display.update(tag(state)!, progress);
      logger.debug('progress', { state, ...progress });
    },
    endProgress: (state) => display.remove(tag(state)!),
    close() {
      if (!shared) display.stop();
      return new Promise((resolve) => {
        file.on('finish', () => resolve());
        logger.end();
      });
    },
  };
}
