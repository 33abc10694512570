import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { openCacheStore } from '../cache/cache-store.js';
import type { ProcessLeases } from '../devices/process-leases.js';
import { getRunPaths, getRunsCacheDir } from '../store/run-paths.js';
import type { ResumeOutcome } from '../run/resume-run.js';
import { RunInputError } from '../run/run-errors.js';
import { readRunRecord } from '../store/run-record.js';
import { loadFrozenWorkflow } from '../run/load-frozen-workflow.js';
import { driveGrid } from './drive-grid.js';
import { readTrialsFile } from './trials-file.js';

/** A grid's parent run folder (it has trials.json) rather than a single run. */
export function isGridRun(runDir: string): boolean {
  return existsSync(getRunPaths(runDir).trialsFile);
}

/**
 * Continues a grid: succeeded trials stay as they are, interrupted trials resume from their snapshots, failed
 * ones are redriven from their failed state (finished steps are never re-run), and trials that never started start now.
 */
export async function resumeGridRun(runDir: string, options: { leases: ProcessLeases; verbose?: boolean }): Promise<ResumeOutcome> {
  const record = readRunRecord(runDir);
  if (record.status === 'done') return { resumed: false, record };
  const file = readTrialsFile(runDir);
  // The frozen merged copy, like a single run's resume: the files an `extends` chain was built from may be gone.
  const loaded = await loadFrozenWorkflow(runDir, file.workflow_file, file.params, `cannot resume the grid ${runDir}`);
  // The frozen copy is the grid that started; one that differs from trials.json would mix two experiments under one run id.
  if (JSON.stringify(loaded.workflow.grid) !== JSON.stringify(file.grid)) {
    throw new RunInputError(`cannot resume the grid ${runDir}: its grid (${getRunPaths(runDir).workflow}) differs from the one in trials.json it started with; start a new run for the new grid`);
  }
  // Failed trials are redriven (resumeRun re-enters their failed state); succeeded ones stay as they are.
  const indices = file.trials.filter((t) => t.status !== 'succeeded').map((t) => t.index);
  const cache = openCacheStore(getRunsCacheDir(dirname(runDir)));
  const result = await driveGrid({ runDir, record: { ...record, resumes: record.resumes + 1 }, file, loaded, indices, leases: options.leases, cache, verbose: options.verbose ?? false });
  return { resumed: true, result };
}
