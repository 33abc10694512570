import cliProgress from 'cli-progress';

/** Live bars on a TTY (one per running step); elsewhere, a throttled plain line per step. */
export interface ProgressDisplay {
  /** Prints a line without tearing the bars. */
  print(line: string): void;
  update(state: string, progress: { current: number; total?: number; message?: string }): void;
  remove(state: string): void;
  stop(): void;
  /** Draws live bars (a TTY); else progress goes out as throttled plain lines. */
  readonly bars: boolean;
  /** Leaves out detail lines (every metric of every training step): off a terminal, without --verbose. */
  readonly quiet: boolean;
}

/** How often a step's progress shows as a plain line: what a log file can hold, unless --verbose. */
const PLAIN_INTERVAL_MS = { verbose: 2000, quiet: 30_000 };

/**
 * The display of a run's (or a grid's) console: stdout, bars when it is a terminal. Off a terminal (Slurm,
 * nohup, a pipe) it is quiet unless --verbose: run.log.jsonl keeps every line either way.
 */
export function createConsoleDisplay({ verbose = false }: { verbose?: boolean } = {}): ProgressDisplay {
  const write = (line: string) => process.stdout.write(line + '\n');
  return process.stdout.isTTY ? createBarDisplay(write) : createPlainDisplay(write, !verbose);
}

/**
 * cli-progress prints `log` lines only when it redraws its bars, so a line logged while no bar is shown
 * (most of a run) would wait in its buffer and be lost at `stop`: lines go straight out then, and the
 * multibar runs only while it shows a bar.
 */
function createBarDisplay(write: (line: string) => void): ProgressDisplay {
  const multibar = new cliProgress.MultiBar(
    { format: ' {state} [{bar}] {value}/{total} {message}', clearOnComplete: true, hideCursor: true, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, cliProgress.SingleBar>();
  return {
    bars: true,
    quiet: false,
    print: (line) => (bars.size > 0 ? multibar.log(line + '\n') : write(line)),
    update(state, { current, total, message = '' }) {
      let bar = bars.get(state);
      if (!bar) {
        bar = multibar.create(total ?? current, current, { state, message });
        bars.set(state, bar);
      }
      if (total !== undefined) bar.setTotal(total);
      // Several steps at once (a block's members, a grid's trials) each have a bar: names padded to one width line them up.
      const width = Math.max(...[...bars.keys()].map((name) => name.length));
      bar.update(current, { state: state.padEnd(width), message });
    },
    remove(state) {
      const bar = bars.get(state);
      if (!bar) return;
      // remove() redraws, which prints the buffered lines.
      multibar.remove(bar);
      bars.delete(state);
      if (bars.size === 0) multibar.stop();
    },
    stop() {
      if (bars.size > 0) multibar.update();
      multibar.stop();
    },
  };
}

function createPlainDisplay(write: (line: string) => void, quiet: boolean): ProgressDisplay {
  const lastShown = new Map<string, number>();
  const interval = quiet ? PLAIN_INTERVAL_MS.quiet : PLAIN_INTERVAL_MS.verbose;
  return {
    bars: false,
    quiet,
    print: write,
    update(state, { current, total, message }) {
      const now = Date.now();
      const finished = total !== undefined && current >= total;
      if (!finished && now - (lastShown.get(state) ?? 0) < interval) return;
      lastShown.set(state, now);
      const percent = total ? ` (${Math.round((100 * current) / total)}%)` : '';
      write(`[${new Date(now).toTimeString().slice(0, 8)}] ${state} ▸ progress ${current}${total === undefined ? '' : `/${total}`}${percent}${message ? ` ${message}` : ''}`);
    },
    remove: (state) => lastShown.delete(state),
    stop: () => undefined,
  };
}
