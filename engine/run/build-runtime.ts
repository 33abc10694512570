import type { Workflow } from '../../schemas/generated/workflow.js';
import { normalizeStepOptions, type StepOptions } from '../compile/normalize-step-options.js';
import type { StepServices, RunServices } from '../execute/step-services.js';
import type { StepRuntime } from '../execute/step-runtime.js';
import type { Executor } from '../executors/executor.js';
import { createLocalExecutor } from '../executors/local.js';
import { createSlurmStateExecutors } from '../executors/slurm/state-executors.js';
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

/** The request's `seed`: the `seed` param when it is an integer, else 0. */
export function getRunSeed(params: Record<string, string | number | boolean>): number {
  return Number.isInteger(params.seed) ? (params.seed as number) : 0;
}

function getStepOptions(workflow: Workflow): Record<string, StepOptions> {
  return Object.fromEntries(Object.entries(workflow.states).map(([name, state]) => [name, normalizeStepOptions(state, workflow.defaults)]));
}

interface StateExecutorsOptions {
  workflow: Workflow;
  plugins: Map<string, LoadedPlugin>;
  /** `slurm-profile.yaml` is looked up next to it. */
  workflowFile: string;
  stepOptions?: Record<string, StepOptions>;
}

/**
 * Each state's executor: one local executor for every state, a Slurm executor for the states that ask for it.
 * Throws a RunInputError (exit 2) saying how to fix it when Slurm cannot serve them.
 */
export function makeStateExecutors({ workflow, plugins, workflowFile, stepOptions = getStepOptions(workflow) }: StateExecutorsOptions): Record<string, Executor> {
  let slurm: Record<string, Executor>;
  try {
    slurm = createSlurmStateExecutors({ options: stepOptions, workflow, plugins, workflowFile });
  } catch (error) {
    throw new RunInputError((error as Error).message, { cause: error });
  }
  const local = createLocalExecutor();
  return Object.fromEntries(Object.keys(workflow.states).map((state) => [state, slurm[state] ?? local]));
}

export interface BuildRuntimeOptions {
  runId: string;
  runDir: string;
  workflow: Workflow;
  /** The workflow file the run started from. */
  workflowFile: string;
  params: Record<string, string | number | boolean>;
  plugins: Map<string, LoadedPlugin>;
  logger: RunLogger;
  killGraceMs: number;
  cwd: string;
  services: RunServices;
}

/** What a run's steps need: the run's description, and the services (with each state's executor) they go through. */
export function buildRuntime(options: BuildRuntimeOptions): { runtime: StepRuntime; services: StepServices } {
  const { runId, runDir, workflow, workflowFile, params, plugins, logger, killGraceMs, cwd, services } = options;
  const stepOptions = getStepOptions(workflow);
  const executors = makeStateExecutors({ workflow, plugins, workflowFile, stepOptions });
  return {
    runtime: { runId, runDir, workflow, plugins, options: stepOptions, logger, killGraceMs, seed: getRunSeed(params), cwd },
    services: { ...services, executors },
  };
}
