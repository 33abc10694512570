import type { State, Workflow } from '../../schemas/workflow-types.js';

/** Whether a state may reuse a cached result: its own `cache`, else `defaults.cache`, else yes. */
export function isStateCacheable(workflow: Workflow, state: State | undefined): boolean {
  return state?.cache ?? workflow.defaults?.cache ?? true;
}
