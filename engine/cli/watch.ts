import { findRunDir } from '../store/find-run-dir.js';
import { followRun } from '../watch/follow-run.js';
import { EXIT, ExitError } from './exit-error.js';

export interface WatchCommandOptions {
  cwd: string;
  run: string;
  runDir?: string;
  intervalMs?: number;
  once?: boolean;
  write?: (text: string) => void;
  signal?: AbortSignal;
}

/** `ser-flow watch <run>`: follows a run from outside, read-only, until it finishes (Ctrl-C stops watching, not the run). */
export async function watchCommand(options: WatchCommandOptions): Promise<number> {
  const { cwd, run, runDir = 'runs', intervalMs = 1000, once = false, write = (t) => process.stdout.write(t) } = options;
  if (!Number.isFinite(intervalMs) || intervalMs < 50) {
    throw new ExitError(EXIT.invalidInput, `watch: --interval must be a number of milliseconds ≥ 50, got ${intervalMs}`);
  }
  const dir = findRunDir(cwd, run, runDir);
  if (!dir) throw new ExitError(EXIT.invalidInput, `watch: no run "${run}": not a run folder and not a run id under ${runDir}/`);
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  options.signal?.addEventListener('abort', stop);
  process.once('SIGINT', stop);
  const clear = process.stdout.isTTY ? '\x1b[2J\x1b[H' : '';
  try {
    await followRun({ dir, intervalMs, once, signal: controller.signal, write: (frame) => write(clear ? clear + frame : `${frame}\n`) });
  } catch (error) {
    throw new ExitError(EXIT.invalidInput, `watch: cannot read ${dir}: ${(error as Error).message}`, { cause: error });
  } finally {
    process.off('SIGINT', stop);
  }
  return EXIT.ok;
}
