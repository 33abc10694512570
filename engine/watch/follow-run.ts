// Polls a run folder and hands each changed frame to `write`, until the run finishes or `signal` aborts.
// Only reads: never takes the run's lock and never writes into the run folder.
import { setTimeout as sleep } from 'node:timers/promises';
import { readRun } from '../report/read-run.js';
import { formatWatchFrame } from './format-watch-frame.js';
import { getWatchView, isFinishedStatus } from './get-watch-view.js';

const MAX_READ_FAILURES = 10;

export interface FollowRunOptions {
  dir: string;
  intervalMs?: number;
  /** Stop after the first frame. */
  once?: boolean;
  signal?: AbortSignal;
  write: (frame: string) => void;
}

/** Resolves with the run's last status. */
export async function followRun(options: FollowRunOptions): Promise<string> {
  const { dir, intervalMs = 1000, once = false, signal, write } = options;
  let previous = '';
  let failures = 0;
  for (;;) {
    let run;
    try {
      run = await readRun(dir);
      failures = 0;
    } catch (error) {
      // A run that is just starting may not have written its workflow yet: retry a few ticks.
      failures += 1;
      if (once || failures >= MAX_READ_FAILURES) throw error;
      await sleep(intervalMs, undefined, { signal }).catch(() => undefined);
      if (signal?.aborted) return 'unknown';
      continue;
    }
    const view = getWatchView(run);
    // Compare without the elapsed clock so an idle run does not print a new frame every tick.
    const frame = formatWatchFrame(view, Date.now());
    const key = formatWatchFrame({ ...view, startedAt: undefined, finishedAt: undefined }, 0);
    if (key !== previous) write(frame);
    previous = key;
    if (once || isFinishedStatus(view.status) || signal?.aborted) return view.status;
    try {
      await sleep(intervalMs, undefined, { signal });
    } catch {
      return view.status;
    }
  }
}
