import type { Snapshot } from 'xstate';
import type { Workflow } from '../../schemas/workflow-types.js';
import { createRunLogger, type ConsoleOptions } from '../log/run-logger.js';
import type { LoadedPlugin } from '../plugins/loaded-plugin.js';
import { appendRunEvent } from '../store/run-events.js';
import { RunLockedError, lockRun } from '../store/run-lock.js';
import { RunFileError } from '../store/run-file-error.js';
import { getRunPaths } from '../store/run-paths.js';
import { writeRunRecord, type RunRecord } from '../store/run-record.js';
import { refuseSymlink } from '../store/write-json.js';
import { endOrphanedAttempts } from '../execute/end-orphaned-attempts.js';
import type { RunServices } from '../execute/step-services.js';
import { buildRuntime, getKillGraceMs } from './build-runtime.js';
import { RunInputError } from './run-errors.js';
import { driveRun, type DriveResult } from './drive-run.js';
import { getRunFanOuts, resolveInitialVars } from './run-inputs.js';

export interface RunSessionOptions {
  runDir: string;
  record: RunRecord;
  workflow: Workflow;
  /** The workflow file the run started from (a Slurm profile is looked up next to it). */
  workflowFile: string;
  params: Record<string, string | number | boolean>;
  plugins: Map<string, LoadedPlugin>;
  /** What relative paths mean for this run's steps (see ResolvedRun.cwd). */
  cwd: string;
  snapshot?: Snapshot<unknown>;
  /** Default: SER_FLOW_KILL_GRACE_MS or 5 s (checked before anything is written). */
  killGraceMs?: number;
  /** Lines for the run log once the lock is held (what a resume rebuilt or redrives). */
  notes?: string[];
  /** Files to write once the lock is held (a fresh run's frozen inputs, a redrive's mark). */
  prepare?: () => void;
  /** A grid trial's console: the grid's display, lines tagged with the trial. */
  console?: ConsoleOptions;
  /** Off a terminal, print every line (`--verbose`). */
  verbose?: boolean;
  /** The lease pool, step cache and trial this run goes through. */
  services: RunServices;
}

export interface RunSessionResult extends DriveResult {
  runDir: string;
  runId: string;
}

/** One ser-flow process working on a run: lock, log, drive the machine, record the outcome, unlock. */
export async function runSession(options: RunSessionOptions): Promise<RunSessionResult> {
  const { runDir, workflow, workflowFile, params, plugins, cwd, snapshot, killGraceMs = getKillGraceMs(), prepare } = options;
  const paths = getRunPaths(runDir);
  // Before the logger opens run.log.jsonl: no run file may be a link that a write would go through.
  for (const file of [paths.log, paths.events, paths.snapshot, paths.record, paths.resolved, paths.workflow]) refuseSymlink(file);
  const logger = createRunLogger({ logFile: paths.log, ...(options.console ? { console: options.console } : {}), verbose: options.verbose ?? false });
  let unlock: (() => Promise<void>) | undefined;
  try {
    unlock = await lockRun(runDir, (error) => logger.log('warn', `the run lock was lost: ${error.message}`));
    prepare?.();
    const record: RunRecord = { ...options.record, status: 'running' };
    delete record.finished_at;
    delete record.error;
    writeRunRecord(runDir, record);
    appendRunEvent(runDir, { type: 'run-started', run_id: record.id, resumed: snapshot !== undefined });
    logger.log('info', `run ${record.id} ${snapshot ? 'resumed' : 'started'} in ${runDir}`);
    for (const note of options.notes ?? []) logger.log('warn', note);
    const fanOuts = getRunFanOuts(workflow, params);
    const { runtime, services } = buildRuntime({ runId: record.id, runDir, workflow, workflowFile, params, plugins, fanOuts, logger, killGraceMs, cwd, services: options.services });
    // A killed ser-flow leaves its plugin running; with the lock ours, nothing else may own it.
    for (const pid of await endOrphanedAttempts(runDir, runtime.killGraceMs)) {
      logger.log('warn', `ended process ${pid}, left running by an interrupted ser-flow`);
    }
    const run = { id: record.id, dir: runDir };
    const input = { params, run, vars: resolveInitialVars(workflow, params, run) };
    const result = await driveRun({ runtime, services, input, ...(snapshot ? { snapshot } : {}) });
    writeRunRecord(runDir, {
      ...record,
      status: result.status,
      ...(result.status === 'cancelled' ? {} : { finished_at: new Date().toISOString() }),
      ...(result.error ? { error: result.error } : {}),
      outputs: result.outputs,
    });
    appendRunEvent(runDir, { type: 'run-finished', status: result.status, ...(result.error ? { error: result.error } : {}) });
    const level = result.status === 'done' ? 'info' : result.status === 'cancelled' ? 'warn' : 'error';
    logger.log(level, `run ${result.status}${result.error && result.status === 'failed' ? `: ${result.error}` : ''}`);
    return { ...result, runDir, runId: record.id };
  } catch (error) {
    // User-facing errors are printed by the CLI; anything else is worth a line in the run's own log.
    if (!(error instanceof RunLockedError || error instanceof RunInputError || error instanceof RunFileError)) logger.log('error', `run stopped by an internal error: ${(error as Error).message}`);
    throw error;
  } finally {
    await unlock?.();
    await logger.close();
  }
}
