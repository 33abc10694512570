import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openCacheStore } from '../cache/cache-store.js';
import { getRunsCacheDir } from '../store/run-paths.js';
import type { ProcessLeases } from '../devices/process-leases.js';
import { RunInputError } from '../run/run-errors.js';
import { makeRunId } from '../store/run-id.js';
import { getRunPaths } from '../store/run-paths.js';
import { writeRunRecord, type RunRecord } from '../store/run-record.js';
import type { LoadedWorkflow } from '../validate/load-workflow.js';
import { driveGrid, type GridRunResult } from './drive-grid.js';
import { expandMatrix } from '../validate/expand-matrix.js';
import { writeTrialsFile, type TrialsFile } from './trials-file.js';

export interface StartGridRunOptions {
  loaded: LoadedWorkflow;
  runsDir: string;
  runId?: string;
  leases: ProcessLeases;
  /** False with `--no-cache`. */
  cache: boolean;
  /** Off a terminal, print every line (`--verbose`). */
  verbose?: boolean;
}

/**
 * Starts a grid: one child run per combination of `grid.matrix` in `runs/<id>/trials/<k>/`, params bound
 * from the combination. The parent folder holds the frozen workflow, run.json and `trials.json` (what
 * `ser-flow compare` ranks and `ser-flow resume` continues).
 */
export async function startGridRun({ loaded, runsDir, runId, leases, cache, verbose = false }: StartGridRunOptions): Promise<GridRunResult> {
  const grid = loaded.workflow.grid!;
  const combinations = expandMatrix(grid);
  const id = runId ?? makeRunId(loaded.workflow.name);
  const runDir = resolve(join(runsDir, id));
  if (existsSync(getRunPaths(runDir).record)) {
    throw new RunInputError(`run ${runDir} already exists; continue it with \`ser-flow resume ${runDir}\` or pick another --run-id`);
  }
  try {
    mkdirSync(runDir, { recursive: true });
  } catch (error) {
    throw new RunInputError(`cannot create the run folder ${runDir}: ${(error as Error).message}; pick a --run-dir you can write to`);
  }
  const now = new Date().toISOString();
  const record: RunRecord = { id, workflow: loaded.workflow.name, status: 'running', started_at: now, updated_at: now, resumes: 0 };
  writeFileSync(getRunPaths(runDir).workflow, loaded.text);
  writeRunRecord(runDir, record);
  const file: TrialsFile = {
    run_id: id,
    workflow_file: loaded.file,
    cwd: process.cwd(),
    params: loaded.params,
    grid,
    trials: combinations.map((matrix, index) => ({
      index,
      matrix,
      params: { ...loaded.params, ...matrix },
      dir: `trials/${index}`,
      run_id: `${id}.t${index}`,
      status: 'pending',
    })),
  };
  writeTrialsFile(runDir, file);
  return driveGrid({
    runDir,
    record,
    file,
    loaded,
    indices: combinations.map((_, index) => index),
    leases,
    verbose,
    cache: cache ? openCacheStore(getRunsCacheDir(resolve(runsDir))) : undefined,
  });
}
