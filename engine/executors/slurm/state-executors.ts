import { execFileSync } from 'node:child_process';
import type { State, Workflow } from '../../../schemas/workflow-types.js';
import type { StepOptions } from '../../compile/normalize-step-options.js';
import { getStepResources } from '../../devices/get-step-resources.js';
import type { LoadedPlugin } from '../../plugins/loaded-plugin.js';
import type { Executor } from '../executor.js';
import { loadSlurmProfile } from './profile.js';
import { createSlurmExecutor } from './slurm-executor.js';

export interface StateExecutorsOptions {
  /** Normalized options per step id. */
  options: Record<string, StepOptions>;
  workflow: Workflow;
  /** The state that defines each step id (its `resources`). */
  states: Record<string, State>;
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
export function createSlurmStateExecutors({ options, workflow, states, plugins, workflowFile }: StateExecutorsOptions): Record<string, Executor> {
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
    slurmStates.map(([state]) => [state, createSlurmExecutor({ profile, ...getStepResources(workflow, plugins.get(state), states[state]), jobName })]),
  );
}
