import { openCacheStore } from '../cache/cache-store.js';
import { createProcessLeases } from '../devices/process-leases.js';
import type { RunServices } from '../execute/step-services.js';
import { isGridRun, resumeGridRun } from '../grid/resume-grid-run.js';
import { resumeRun } from '../run/resume-run.js';
import { findRunDir } from '../store/find-run-dir.js';
import { getRunCacheDir } from '../store/run-paths.js';
import { EXIT, ExitError } from './exit-error.js';
import { mapRunErrors, reportRunResult } from './run-exit.js';

/** A run shares the step cache of its runs folder; a grid trial resumed on its own, that of its grid's. */
function getRunServices(runDir: string, leases: RunServices['leases']): RunServices {
  const { dir, trial } = getRunCacheDir(runDir);
  return { leases, cache: openCacheStore(dir), ...(trial !== undefined ? { trial } : {}) };
}

/** `ser-flow resume <run>`: continue an interrupted run or redrive a failed one (a folder path, or an id under ./runs). */
export async function resumeCommand({ cwd, run, verbose = false }: { cwd: string; run: string; verbose?: boolean }): Promise<number> {
  const runDir = findRunDir(cwd, run);
  if (!runDir) throw new ExitError(EXIT.invalidInput, `no run found at ${run} or runs/${run} (a run folder holds run.json); see the ids under ./runs`);
  const leases = createProcessLeases();
  const outcome = await mapRunErrors(() => (isGridRun(runDir) ? resumeGridRun(runDir, { leases, verbose }) : resumeRun(runDir, { services: getRunServices(runDir, leases), verbose })));
  if (outcome.resumed) return reportRunResult(outcome.result);
  console.log(`run ${outcome.record.id} is already done; nothing to resume`);
  return EXIT.ok;
}
