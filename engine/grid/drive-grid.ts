import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import type { CacheStore } from '../cache/cache-store.js';
import type { ProcessLeases } from '../devices/process-leases.js';
import type { RunServices } from '../execute/step-services.js';
import { formatLine } from '../log/format-line.js';
import { createConsoleDisplay } from '../log/progress-display.js';
import type { ConsoleOptions } from '../log/run-logger.js';
import { resumeRun } from '../run/resume-run.js';
import { runSession, type RunSessionResult } from '../run/run-session.js';
import { getResolvedPlugins } from '../run/start-run.js';
import { writeResolvedRun } from '../store/resolved-run.js';
import { getRunPaths, getTrialDir } from '../store/run-paths.js';
import { readRunRecord, writeRunRecord, type RunRecord, type RunStatus } from '../store/run-record.js';
import type { LoadedWorkflow } from '../validate/load-workflow.js';
import { runTrials, type TrialOutcome } from './run-trials.js';
import { createTrialsWriter, writeTrialsFile, type Scalar, type TrialRecord, type TrialsFile } from './trials-file.js';

/** Shaped like a single run's result (outputs stay per trial, in trials.json), so `run` reports both alike. */
export interface GridRunResult extends RunSessionResult {
  trials: TrialOutcome<RunSessionResult>[];
}

export interface DriveGridOptions {
  runDir: string;
  record: RunRecord;
  file: TrialsFile;
  loaded: LoadedWorkflow;
  /** The trials to run now: all of them for a new grid, the unfinished ones on resume. */
  indices: number[];
  /** The engine process's lease pool. */
  leases: ProcessLeases;
  /** The runs folder's step cache, shared by the trials (undefined with `--no-cache`). */
  cache: CacheStore | undefined;
  /** Off a terminal, print every line (`--verbose`). */
  verbose?: boolean;
}

/** A trial that was interrupted is resumed from its snapshot; one that never started starts fresh. */
async function runOrResumeTrial(options: { trialDir: string; trial: TrialRecord; loaded: LoadedWorkflow; cwd: string; console: ConsoleOptions; services: RunServices }): Promise<RunSessionResult> {
  const { trialDir, trial, loaded, cwd, console, services } = options;
  if (existsSync(getRunPaths(trialDir).snapshot)) {
    const outcome = await resumeRun(trialDir, { console, services });
    if (outcome.resumed) return outcome.result;
    const { record } = outcome;
    return { runDir: trialDir, runId: record.id, status: record.status === 'done' ? 'done' : 'failed', outputs: record.outputs ?? {}, ...(record.error ? { error: record.error } : {}) };
  }
  const started = new Date().toISOString();
  return runSession({
    runDir: trialDir,
    record: { id: trial.run_id, workflow: loaded.workflow.name, status: 'running', started_at: started, updated_at: started, resumes: 0 },
    workflow: loaded.workflow,
    workflowFile: loaded.file,
    params: trial.params,
    plugins: loaded.plugins,
    cwd,
    console,
    services,
    prepare: () => {
      writeFileSync(getRunPaths(trialDir).workflow, loaded.text);
      writeResolvedRun(trialDir, { id: trial.run_id, file: loaded.file, workflow: loaded.workflow, params: trial.params, plugins: getResolvedPlugins(loaded.plugins), cwd, created_at: started });
    },
  });
}

function formatMatrix(matrix: Record<string, Scalar>): string {
  return Object.entries(matrix).map(([key, value]) => `${key}=${value}`).join(' ');
}

function getGridStatus(trials: TrialRecord[]): Exclude<RunStatus, 'running'> {
  if (trials.some((t) => t.status === 'failed')) return 'failed';
  return trials.every((t) => t.status === 'succeeded') ? 'done' : 'cancelled';
}

/**
 * Runs the given trials of a grid as child runs in `trials/<k>/`, at most `grid.max_parallel` at once,
 * keeping trials.json current, then records the grid's status in the parent's run.json. Trials share the
 * runs folder's step cache, so a prefix they have in common runs once.
 */
export async function driveGrid(options: DriveGridOptions): Promise<GridRunResult> {
  const { runDir, record, file, loaded, indices, leases, cache } = options;
  const { grid, trials } = file;
  // Every trial's session listens for SIGINT/SIGTERM; trials not started yet must be cancelled as well.
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => controller.abort(new Error(`cancelled by ${signal}`));
  process.setMaxListeners(Math.max(process.getMaxListeners(), 2 * trials.length + 10));
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  writeRunRecord(runDir, { ...record, status: 'running' });
  const trialsWriter = createTrialsWriter(runDir, file);
  const display = createConsoleDisplay({ verbose: options.verbose ?? false });
  const say = (index: number, message: string) => display.print(formatLine({ time: new Date(), level: 'info', state: `t${index}`, message }));
  let outcomes: TrialOutcome<RunSessionResult>[];
  try {
    outcomes = await runTrials({
      count: indices.length,
      ...(grid.max_parallel ? { maxParallel: grid.max_parallel } : {}),
      failFast: grid.fail_fast ?? false,
      signal: controller.signal,
      isFailed: (result) => result.status !== 'done',
      runTrial: async (position) => {
        const index = indices[position]!;
        const trial = trials[index]!;
        const trialDir = getTrialDir(runDir, index);
        mkdirSync(trialDir, { recursive: true });
        Object.assign(trial, { status: 'running', started: new Date().toISOString() });
        delete trial.error;
        trialsWriter.schedule();
        const started = Date.now();
        say(index, `trial started: ${formatMatrix(trial.matrix)}`);
        try {
          const result = await runOrResumeTrial({ trialDir, trial, loaded, cwd: file.cwd ?? process.cwd(), console: { display, prefix: `t${index}` }, services: { leases, cache, trial: index } });
          // Failures and cancellations already showed as the trial's own error/warning line.
          if (result.status === 'done') say(index, `trial succeeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
          const states = Object.fromEntries(Object.entries(result.outputs).map(([state, outputs]) => [state, { outputs }]));
          Object.assign(trial, { status: result.status === 'done' ? 'succeeded' : result.status, final: result.status, states });
          if (result.error) trial.error = result.error;
          return result;
        } catch (error) {
          Object.assign(trial, { status: 'failed', error: (error as Error).message });
          throw error;
        } finally {
          trial.ended = new Date().toISOString();
          trialsWriter.schedule();
        }
      },
    });
  } finally {
    display.stop();
    trialsWriter.flush();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  for (const trial of trials) if (trial.status === 'pending' || trial.status === 'running') trial.status = 'cancelled';
  writeTrialsFile(runDir, file);
  const status = getGridStatus(trials);
  const unfinished = trials.filter((t) => t.status !== 'succeeded').map((t) => `${t.index} (${t.status})`);
  const error = unfinished.length ? `${unfinished.length} of ${trials.length} trials did not succeed: ${unfinished.join(', ')}; see ${getRunPaths(runDir).trialsFile}` : undefined;
  const latest = { ...readRunRecord(runDir), status };
  delete latest.error;
  delete latest.finished_at;
  writeRunRecord(runDir, { ...latest, ...(status === 'cancelled' ? {} : { finished_at: new Date().toISOString() }), ...(error ? { error } : {}) });
  return { runDir, runId: record.id, status, outputs: {}, ...(error ? { error } : {}), trials: outcomes };
}
