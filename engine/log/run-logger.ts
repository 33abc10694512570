import { Writable } from 'node:stream';
import winston from 'winston';
import { formatLine } from './format-line.js';
import { createProgressDisplay, type ProgressDisplay } from './progress-display.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** What the engine logs through: human lines on the console, JSON lines in the run's log file. */
export interface RunLogger {
  log(level: LogLevel, message: string, fields?: { state?: string } & Record<string, unknown>): void;
  progress(state: string, progress: { current: number; total?: number; message?: string }): void;
  endProgress(state: string): void;
  /** Flushes the log file. */
  close(): Promise<void>;
}

/** Console lines go through the progress display, so bars and lines do not overwrite each other. */
function createDisplayStream(display: ProgressDisplay): Writable {
  return new Writable({
    objectMode: true,
    write(info: { level: string; message: unknown; state?: string }, _encoding, next) {
      display.print(formatLine({ time: new Date(), level: info.level, message: String(info.message), ...(info.state ? { state: info.state } : {}) }));
      next();
    },
  });
}

export function createRunLogger(options: { logFile: string; tty?: boolean }): RunLogger {
  const tty = options.tty ?? !!process.stdout.isTTY;
  const display = createProgressDisplay({ tty, write: (line) => process.stdout.write(line + '\n') });
  const file = new winston.transports.File({
    filename: options.logFile,
    level: 'debug',
    format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
  });
  const logger = winston.createLogger({ level: 'debug', transports: [new winston.transports.Stream({ stream: createDisplayStream(display), level: 'info' }), file] });
  return {
    log: (level, message, fields = {}) => logger.log(level, message, fields),
    progress(state, progress) {
      display.update(state, progress);
      logger.debug('progress', { state, ...progress });
    },
    endProgress: (state) => display.remove(state),
    close() {
      display.stop();
      return new Promise((resolve) => {
        file.on('finish', () => resolve());
        logger.end();
      });
    },
  };
}
