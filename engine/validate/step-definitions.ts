import type { State, Workflow } from '../../schemas/workflow-types.js';
import { getBranches, getMemberId, getStateEntries } from './workflow-view.js';

/** A step a run can invoke: the named state that defines it (a for_each member: its for_each state). */
export interface StepDefinition {
  name: string;
  state: State;
}

/**
 * Every step id of a run → its definition: top-level step states, branch states, and the members `X[k]` of a
 * for_each state X (`fanOuts` holds X's items). A parallel state runs no step of its own.
 */
export function getStepDefinitions(workflow: Workflow, fanOuts: Record<string, unknown[]>): Record<string, StepDefinition> {
  const definitions: Record<string, StepDefinition> = {};
  for (const { name, state } of getStateEntries(workflow)) {
    if (getBranches(state).length > 0) continue;
    const items = state.for_each === undefined ? undefined : fanOuts[name];
    if (items) items.forEach((_, k) => (definitions[getMemberId(name, k)] = { name, state }));
    else definitions[name] = { name, state };
  }
  return definitions;
}
