import { execFileSync } from 'node:child_process';
import type { Workflow } from '../../schemas/generated/workflow.js';
import { normalizeStepOptions, type StepOptions } from '../compile/normalize-step-options.js';
import { getStepResources } from '../devices/get-step-resources.js';
import type { LoadedPlugin } from '../plugins/loaded-plugin.js';
import { RunInputError } from '../run/run-errors.js';
import { readResolvedRun } from '../store/resolved-run.js';
import type { Executor } from './executor.js';
import { createSlurmExecutor } from './slurm.js';
import { loadSlurmProfile } from './slurm-profile.js';

export interface StateExecutorsOptions {
  /** Normalized options per state. */
  options: Record<string, StepOptions>;
  workflow: Workflow;
  /** Plugin per state name (their manifests may set resources). */
  plugins: Map<string, LoadedPlugin>;
  /** The workflow file: `slurm-profile.yaml` is looked up next to it. */
  workflowFile?: string;
}

function isSbatchAvailable(): boolean {
  try {
    execFileSync('sbatch', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * One Slurm executor per state that asks for `executor: slurm` (their GPU counts differ); local states get
 * none, so the run's default executor serves them. Throws a fix-it message when Slurm is not installed or
 * the profile is invalid.
 */
export function createStateExecutors({ options, workflow, plugins, workflowFile }: StateExecutorsOptions): Record<string, Executor> {
  const slurmStates = Object.entries(options).filter(([, o]) => o.executor === 'slurm');
  if (slurmStates.length === 0) return {};
  if (!isSbatchAvailable()) {
    throw new Error(
      `state '${slurmStates[0]![0]}' asks for executor: slurm, but sbatch is not on PATH; run where the Slurm client is installed (for a local test cluster: sudo scripts/local-slurm.sh start) or use executor: local`,
    );
  }
  const profile = loadSlurmProfile(workflowFile ? { workflowFile } : {});
  const jobName = `ser-flow-${workflow.name}`.replace(/[^A-Za-z0-9._-]/g, '_');
  return Object.fromEntries(
    slurmStates.map(([state]) => [state, createSlurmExecutor({ profile, ...getStepResources(workflow, plugins.get(state), state), jobName })]),
  );
}

/**
 * Checks before a run folder is created that the states asking for Slurm can have it (sbatch present,
 * profile valid), so a mistake leaves nothing half-made; throws a RunInputError (exit 2).
 */
export function checkStateExecutors(options: { workflow: Workflow; plugins: Map<string, LoadedPlugin>; workflowFile: string }): void {
  const { workflow, plugins, workflowFile } = options;
  const stepOptions = Object.fromEntries(Object.entries(workflow.states).map(([name, state]) => [name, normalizeStepOptions(state, workflow.defaults)]));
  try {
    createStateExecutors({ options: stepOptions, workflow, plugins, workflowFile });
  } catch (error) {
    throw new RunInputError((error as Error).message, { cause: error });
  }
}

/** Slurm executors per run folder, made when the run's runtime is built. */
const perRun = new Map<string, Record<string, Executor>>();

/**
 * Called when a run's runtime is built: makes the Slurm executors its states ask for (profile from next to
 * the workflow file recorded in resolved.json), or throws a RunInputError (exit 2) saying how to fix it.
 */
export function prepareStateExecutors(options: { runDir: string; workflow: Workflow; plugins: Map<string, LoadedPlugin>; stepOptions: Record<string, StepOptions> }): void {
  const { runDir, workflow, plugins, stepOptions } = options;
  if (!Object.values(stepOptions).some((o) => o.executor === 'slurm')) return;
  let workflowFile: string | undefined;
  try {
    workflowFile = readResolvedRun(runDir).file;
  } catch {
    workflowFile = undefined;
  }
  try {
    perRun.set(runDir, createStateExecutors({ options: stepOptions, workflow, plugins, ...(workflowFile ? { workflowFile } : {}) }));
  } catch (error) {
    throw new RunInputError((error as Error).message, { cause: error });
  }
}

/** The executor for a state when it is not the run's default (local) one. */
export function getStateExecutor(runDir: string, state: string): Executor | undefined {
  return perRun.get(runDir)?.[state];
}
