import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { registerTrialRun } from '../cache/cache-config.js';
import { RunInputError } from '../run/run-errors.js';
import { runSession, type RunSessionResult } from '../run/run-session.js';
import { getResolvedPlugins } from '../run/start-run.js';
import { writeResolvedRun } from '../store/resolved-run.js';
import { makeRunId } from '../store/run-id.js';
import { getRunPaths } from '../store/run-paths.js';
import { writeRunRecord, type RunRecord, type RunStatus } from '../store/run-record.js';
import type { LoadedWorkflow } from '../validate/load-workflow.js';
import { expandMatrix } from './expand-matrix.js';
import { runTrials, type TrialOutcome } from './run-trials.js';
import { getTrialDir, writeTrialsFile, type TrialRecord, type TrialsFile } from './trials-file.js';

export interface StartGridRunOptions {
  loaded: LoadedWorkflow;
  runsDir: string;
  runId?: string;
}

/** Shaped like a single run's result (outputs stay per trial, in trials.json), so `run` reports both alike. */
export interface GridRunResult extends RunSessionResult {
  trials: TrialOutcome<RunSessionResult>[];
}

function getGridStatus(outcomes: TrialOutcome<RunSessionResult>[]): Exclude<RunStatus, 'running'> {
  const statuses = outcomes.map((o) => (o.status === 'succeeded' ? 'done' : o.status === 'failed' ? 'failed' : o.result?.status ?? 'cancelled'));
  if (statuses.includes('failed')) return 'failed';
  return statuses.includes('cancelled') ? 'cancelled' : 'done';
}

/**
 * Runs every combination of `grid.matrix` as a child run in `runs/<id>/trials/<k>/`, params bound from the
 * combination, at most `grid.max_parallel` at once (steps inside still wait for leases). Trials share the
 * runs folder's step cache, so a prefix they have in common (the seed RM) runs once. The parent folder
 * holds `trials.json`, the table `ser-flow compare` ranks.
 */
export async function startGridRun({ loaded, runsDir, runId }: StartGridRunOptions): Promise<GridRunResult> {
  const grid = loaded.workflow.grid!;
  const combinations = expandMatrix(grid);
  const id = runId ?? makeRunId(loaded.workflow.name);
  const runDir = resolve(join(runsDir, id));
  if (existsSync(getRunPaths(runDir).record)) {
    throw new RunInputError(`run ${runDir} already exists; pick another --run-id (a grid's trials are resumed one by one with \`ser-flow resume ${runDir}/trials/<k>\`)`);
  }
  mkdirSync(runDir, { recursive: true });
  const now = new Date().toISOString();
  const record: RunRecord = { id, workflow: loaded.workflow.name, status: 'running', started_at: now, updated_at: now, resumes: 0 };
  writeFileSync(getRunPaths(runDir).workflow, loaded.text);
  writeRunRecord(runDir, record);
  const trials: TrialRecord[] = combinations.map((matrix, index) => ({
    index,
    matrix,
    params: { ...loaded.params, ...matrix },
    dir: `trials/${index}`,
    run_id: `${id}.t${index}`,
    status: 'pending',
  }));
  const file: TrialsFile = { run_id: id, grid, trials };
  writeTrialsFile(runDir, file);

  // Every trial's session listens for SIGINT/SIGTERM; pending trials must be cancelled as well.
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => controller.abort(new Error(`cancelled by ${signal}`));
  process.setMaxListeners(Math.max(process.getMaxListeners(), 2 * trials.length + 10));
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const cacheRoot = join(resolve(runsDir), '.cache');
  let outcomes: TrialOutcome<RunSessionResult>[];
  try {
    outcomes = await runTrials({
      count: trials.length,
      ...(grid.max_parallel ? { maxParallel: grid.max_parallel } : {}),
      failFast: grid.fail_fast ?? false,
      signal: controller.signal,
      isFailed: (result) => result.status !== 'done',
      runTrial: async (index) => {
        const trial = trials[index]!;
        const trialDir = getTrialDir(runDir, index);
        mkdirSync(trialDir, { recursive: true });
        registerTrialRun(trialDir, { root: cacheRoot, trial: index });
        Object.assign(trial, { status: 'running', started: new Date().toISOString() });
        writeTrialsFile(runDir, file);
        const started = new Date().toISOString();
        try {
          const result = await runSession({
            runDir: trialDir,
            record: { id: trial.run_id, workflow: loaded.workflow.name, status: 'running', started_at: started, updated_at: started, resumes: 0 },
            workflow: loaded.workflow,
            params: trial.params,
            plugins: loaded.plugins,
            prepare: () => {
              writeFileSync(getRunPaths(trialDir).workflow, loaded.text);
              writeResolvedRun(trialDir, { id: trial.run_id, file: loaded.file, workflow: loaded.workflow, params: trial.params, plugins: getResolvedPlugins(loaded.plugins), created_at: started });
            },
          });
          const states = Object.fromEntries(Object.entries(result.outputs).map(([state, outputs]) => [state, { outputs }]));
          Object.assign(trial, { status: result.status === 'done' ? 'succeeded' : result.status, final: result.status, states, ...(result.error ? { error: result.error } : {}) });
          return result;
        } catch (error) {
          Object.assign(trial, { status: 'failed', error: (error as Error).message });
          throw error;
        } finally {
          trial.ended = new Date().toISOString();
          writeTrialsFile(runDir, file);
        }
      },
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  for (const outcome of outcomes) {
    const trial = trials[outcome.index]!;
    if (trial.status === 'pending') trial.status = 'cancelled';
  }
  writeTrialsFile(runDir, file);
  const status = getGridStatus(outcomes);
  const failed = outcomes.filter((o) => o.status !== 'succeeded').map((o) => o.index);
  const error = failed.length ? `${failed.length} of ${trials.length} trials did not finish (${failed.join(', ')}); see ${join(runDir, 'trials.json')}` : undefined;
  writeRunRecord(runDir, { ...record, status, ...(status === 'cancelled' ? {} : { finished_at: new Date().toISOString() }), ...(error ? { error } : {}) });
  return { runDir, runId: id, status, outputs: {}, ...(error ? { error } : {}), trials: outcomes };
}
