import type { Workflow } from '../../schemas/generated/workflow.js';

/** Whether a state may reuse a cached result: its own `cache`, else `defaults.cache`, else yes. */
export function isStateCacheable(workflow: Workflow, state: string): boolean {
  return workflow.states[state]?.cache ?? workflow.defaults?.cache ?? true;
}
