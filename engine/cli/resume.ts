import { dirname } from 'node:path';
import { isGridRun, resumeGridRun } from '../grid/resume-grid-run.js';
import { resumeRun } from '../run/resume-run.js';
import { findRunDir } from '../store/find-run-dir.js';
import { EXIT, ExitError } from './exit-error.js';
import { mapRunErrors, reportRunResult } from './run-exit.js';

/** `ser-flow resume <run>`: continue an interrupted run (a folder path, or an id under ./runs). */
export async function resumeCommand({ cwd, run }: { cwd: string; run: string }): Promise<number> {
  const runDir = findRunDir(cwd, run);
  if (!runDir) throw new ExitError(EXIT.invalidInput, `no run found at ${run} or runs/${run} (a run folder holds run.json); see the ids under ./runs`);
  const outcome = await mapRunErrors(() => (isGridRun(runDir) ? resumeGridRun(runDir) : resumeRun(runDir)));
  if (outcome.resumed) return reportRunResult(outcome.result);
  const { record } = outcome;
  if (record.status === 'done') {
    console.log(`run ${record.id} is already done; nothing to resume`);
    return EXIT.ok;
  }
  // Resume continues interrupted work; after a fix, a new run gets the finished steps back from the step cache.
  console.error(
    `run ${record.id} failed (${record.error ?? 'unknown error'}); a failed run is not resumed: after fixing the cause, run the workflow again ` +
      `with the same --set values and --run-dir ${dirname(runDir)}: every step that succeeded is reused from the step cache (unless its state sets cache: false)`,
  );
  return EXIT.workflowFailed;
}
