import { EXIT, ExitError } from './exit-error.js';
import { RunInputError } from '../run/run-errors.js';
import type { RunSessionResult } from '../run/run-session.js';
import { RunLockedError } from '../store/run-lock.js';

/** Exit status of `run`/`resume` after SIGINT/SIGTERM: 128 + SIGINT, as shells expect. */
export const EXIT_CANCELLED = 130;

/** Prints how the run ended and returns the exit code: 0 done, 1 failed, 130 cancelled. */
export function reportRunResult(result: RunSessionResult): number {
  if (result.status === 'done') {
    console.log(`run ${result.runId} done: ${result.runDir}`);
    return EXIT.ok;
  }
  if (result.status === 'cancelled') {
    console.error(`run ${result.runId} cancelled; continue it with: ser-flow resume ${result.runDir}`);
    return EXIT_CANCELLED;
  }
  console.error(`run ${result.runId} failed: ${result.error ?? 'unknown error'}`);
  console.error(`details: ser-flow status ${result.runDir}`);
  return EXIT.workflowFailed;
}

/** Turns the run layer's user-facing errors into exit 2; anything else is a bug and propagates. */
export async function mapRunErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof RunInputError || error instanceof RunLockedError) throw new ExitError(EXIT.invalidInput, error.message, { cause: error });
    throw error;
  }
}
