import type { Workflow } from '../../schemas/generated/workflow.js';
import { normalizeStepOptions } from '../compile/normalize-step-options.js';
import type { StepRuntime } from '../execute/step-runtime.js';
import { createLocalExecutor } from '../executors/local.js';
import { prepareStateExecutors } from '../executors/slurm-executors.js';
import type { RunLogger } from '../log/run-logger.js';
import type { LoadedPlugin } from '../plugins/loaded-plugin.js';
import { RunInputError } from './run-errors.js';

const DEFAULT_KILL_GRACE_MS = 5000;

/** SER_FLOW_KILL_GRACE_MS overrides the 5 s between SIGTERM and SIGKILL (e.g. for trainers that checkpoint slowly). */
export function getKillGraceMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.SER_FLOW_KILL_GRACE_MS;
  if (raw === undefined || raw === '') return DEFAULT_KILL_GRACE_MS;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    throw new RunInputError(`SER_FLOW_KILL_GRACE_MS must be a non-negative number of milliseconds, got "${raw}"`);
  }
  return value;
}

export interface BuildRuntimeOptions {
  runId: string;
  runDir: string;
  workflow: Workflow;
  params: Record<string, string | number | boolean>;
  plugins: Map<string, LoadedPlugin>;
  logger: RunLogger;
  killGraceMs: number;
  cwd: string;
}

/** The request's `seed`: the `seed` param when it is an integer, else 0. */
export function getRunSeed(params: Record<string, string | number | boolean>): number {
  return Number.isInteger(params.seed) ? (params.seed as number) : 0;
}

export function buildRuntime({ runId, runDir, workflow, params, plugins, logger, killGraceMs, cwd }: BuildRuntimeOptions): StepRuntime {
  const options = Object.fromEntries(Object.entries(workflow.states).map(([name, state]) => [name, normalizeStepOptions(state, workflow.defaults)]));
  prepareStateExecutors({ runDir, workflow, plugins, stepOptions: options });
  return {
    runId,
    runDir,
    workflow,
    plugins,
    options,
    executor: createLocalExecutor(),
    logger,
    killGraceMs,
    seed: getRunSeed(params),
    cwd,
  };
}
