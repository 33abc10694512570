import type { State, Workflow } from '../../schemas/workflow-types.js';
import type { LoadedPlugin } from '../plugins/loaded-plugin.js';

/**
 * GPUs and CPUs a state's step needs: the state's `resources`, else the workflow's `defaults.resources`,
 * else the plugin manifest's `resources` (what `plan` shows), else no GPU and one CPU slot.
 */
export function getStepResources(workflow: Workflow, plugin: LoadedPlugin | undefined, state: State | undefined): { gpus: number; cpus?: number } {
  const own = state?.resources;
  const defaults = workflow.defaults?.resources;
  const manifest = plugin?.manifest.resources;
  const gpus = own?.gpus ?? defaults?.gpus ?? manifest?.gpus ?? 0;
  const cpus = own?.cpus ?? defaults?.cpus ?? manifest?.cpus;
  return cpus === undefined ? { gpus } : { gpus, cpus };
}
