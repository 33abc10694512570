export type TrialStatus = 'succeeded' | 'failed' | 'cancelled';

export interface TrialOutcome<T> {
  index: number;
  status: TrialStatus;
  result?: T;
  error?: unknown;
}

export interface RunTrialsOptions<T> {
  count: number;
  /** Trials running at once (default: all; GPU leases still bound the steps inside them). */
  maxParallel?: number;
  /** Cancel running trials and skip pending ones after the first failure (default false, as sweeps want). */
  failFast?: boolean;
  signal?: AbortSignal;
  runTrial: (index: number, signal: AbortSignal) => Promise<T>;
  /** Whether a trial that returned still failed (e.g. its workflow ended in `failed`); default: never. */
  isFailed?: (result: T) => boolean;
}

/**
 * Runs `count` trials, at most `maxParallel` at a time, in index order. Never rejects: every trial gets an
 * outcome. Pending trials are `cancelled` when the run is cancelled or fail-fast tripped.
 */
export async function runTrials<T>(options: RunTrialsOptions<T>): Promise<TrialOutcome<T>[]> {
  const { count, maxParallel = count, failFast = false, signal, runTrial, isFailed = () => false } = options;
  const stopAll = new AbortController();
  const onParentAbort = () => stopAll.abort(signal?.reason);
  if (signal?.aborted) onParentAbort();
  else signal?.addEventListener('abort', onParentAbort, { once: true });

  const outcomes: TrialOutcome<T>[] = new Array(count);
  let next = 0;

  async function runOne(index: number): Promise<void> {
    if (stopAll.signal.aborted) {
      outcomes[index] = { index, status: 'cancelled' };
      return;
    }
    try {
      const result = await runTrial(index, stopAll.signal);
      const failed = isFailed(result);
      outcomes[index] = { index, status: failed ? 'failed' : 'succeeded', result };
      if (failed && failFast) stopAll.abort(new Error(`fail_fast: trial ${index} failed`));
    } catch (error) {
      outcomes[index] = { index, status: stopAll.signal.aborted ? 'cancelled' : 'failed', error };
      if (failFast) stopAll.abort(new Error(`fail_fast: trial ${index} failed`));
    }
  }

  async function worker(): Promise<void> {
    while (next < count) await runOne(next++);
  }

  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(maxParallel, count)) }, worker));
  } finally {
    signal?.removeEventListener('abort', onParentAbort);
  }
  return outcomes;
}
