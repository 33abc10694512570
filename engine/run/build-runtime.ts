import type { State, Workflow } from '../../schemas/workflow-types.js';
import { normalizeStepOptions } from '../compile/normalize-step-options.js';
import type { StepServices, RunServices } from '../execute/step-services.js';
import type { StepRuntime } from '../execute/step-runtime.js';
import type { Executor } from '../executors/executor.js';
import { createLocalExecutor } from '../executors/local.js';
import { createSlurmStateExecutors } from '../executors/slurm/state-executors.js';
import type { RunLogger } from '../log/run-logger.js';
import type { LoadedPlugin } from '../plugins/loaded-plugin.js';
import { getStepDefinitions } from '../validate/step-definitions.js';
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

/** What each step id runs: its defining state, plugin and options (a for_each member shares its state's). */
function getStepTables(workflow: Workflow, plugins: Map<string, LoadedPlugin>, fanOuts: Record<string, unknown[]>) {
  const definitions = Object.entries(getStepDefinitions(workflow, fanOuts));
  return {
    states: Object.fromEntries(definitions.map(([id, { state }]) => [id, state])) as Record<string, State>,
    plugins: new Map(definitions.flatMap(([id, { name }]) => (plugins.has(name) ? [[id, plugins.get(name)!] as const] : []))),
    options: Object.fromEntries(definitions.map(([id, { state }]) => [id, normalizeStepOptions(state, workflow.defaults)])),
  };
}

interface StateExecutorsOptions {
  workflow: Workflow;
  /** Keyed by state name, as loaded. */
  plugins: Map<string, LoadedPlugin>;
  /** `slurm-profile.yaml` is looked up next to it. */
  workflowFile: string;
  /** for_each state → its items (default none). */
  fanOuts?: Record<string, unknown[]>;
}

/**
 * Each step id's executor: one local executor for every step, a Slurm executor for the steps whose state asks for it.
 * Throws a RunInputError (exit 2) saying how to fix it when Slurm cannot serve them.
 */
export function makeStateExecutors({ workflow, plugins, workflowFile, fanOuts = {} }: StateExecutorsOptions): Record<string, Executor> {
  const tables = getStepTables(workflow, plugins, fanOuts);
  let slurm: Record<string, Executor>;
  try {
    slurm = createSlurmStateExecutors({ options: tables.options, workflow, states: tables.states, plugins: tables.plugins, workflowFile });
  } catch (error) {
    throw new RunInputError((error as Error).message, { cause: error });
  }
  const local = createLocalExecutor();
  return Object.fromEntries(Object.keys(tables.states).map((id) => [id, slurm[id] ?? local]));
}

export interface BuildRuntimeOptions {
  runId: string;
  runDir: string;
  workflow: Workflow;
  /** The workflow file the run started from. */
  workflowFile: string;
  params: Record<string, string | number | boolean>;
  /** Keyed by state name, as loaded. */
  plugins: Map<string, LoadedPlugin>;
  /** for_each state → its items. */
  fanOuts: Record<string, unknown[]>;
  logger: RunLogger;
  killGraceMs: number;
  cwd: string;
  services: RunServices;
}

/** What a run's steps need: the run's description, and the services (with each state's executor) they go through. */
export function buildRuntime(options: BuildRuntimeOptions): { runtime: StepRuntime; services: StepServices } {
  const { runId, runDir, workflow, workflowFile, params, plugins, fanOuts, logger, killGraceMs, cwd, services } = options;
  const tables = getStepTables(workflow, plugins, fanOuts);
  const executors = makeStateExecutors({ workflow, plugins, workflowFile, fanOuts });
  return {
    runtime: { runId, runDir, workflow, fanOuts, ...tables, logger, killGraceMs, seed: getRunSeed(params), cwd },
    services: { ...services, executors },
  };
}
