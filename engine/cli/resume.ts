import { dirname } from 'node:path';
import { getCacheRoot, openCacheStore } from '../cache/cache-store.js';
import { createProcessLeases } from '../devices/process-leases.js';
import type { RunServices } from '../execute/step-services.js';
import { isGridRun, resumeGridRun } from '../grid/resume-grid-run.js';
import { findGridOfTrial } from '../grid/trials-file.js';
import { resumeRun } from '../run/resume-run.js';
import { findRunDir } from '../store/find-run-dir.js';
import { EXIT, ExitError } from './exit-error.js';
import { mapRunErrors, reportRunResult } from './run-exit.js';

/** A run shares the step cache of its runs folder; a grid trial resumed on its own, that of its grid's. */
function getRunServices(runDir: string, leases: RunServices['leases']): RunServices {
  const grid = findGridOfTrial(runDir);
  const runsDir = dirname(grid ? grid.gridDir : runDir);
  return { leases, cache: openCacheStore(getCacheRoot(runsDir)), ...(grid ? { trial: grid.index } : {}) };
}

/** `ser-flow resume <run>`: continue an interrupted run (a folder path, or an id under ./runs). */
export async function resumeCommand({ cwd, run }: { cwd: string; run: string }): Promise<number> {
  const runDir = findRunDir(cwd, run);
  if (!runDir) throw new ExitError(EXIT.invalidInput, `no run found at ${run} or runs/${run} (a run folder holds run.json); see the ids under ./runs`);
  const leases = createProcessLeases();
  const outcome = await mapRunErrors(() => (isGridRun(runDir) ? resumeGridRun(runDir, { leases }) : resumeRun(runDir, { services: getRunServices(runDir, leases) })));
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
