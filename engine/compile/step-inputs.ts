import type { ExprScope } from '../expr/scope.js';
import { getMemberId } from '../validate/workflow-view.js';
import type { RunContext, StepActorInput } from './run-context.js';

export function getScope(context: RunContext, visit: number): ExprScope {
  return { params: context.params, states: context.states, loop: { index: visit }, run: context.run, ...(context.vars ? { vars: context.vars } : {}) };
}

/** What the step actor of `state` (top-level or branch state) receives on entry (also used to rebuild a snapshot that re-enters it). */
export function getStepInput(state: string, context: RunContext): StepActorInput {
  const visit = context.visits[state] ?? 0;
  return { state, visit, scope: getScope(context, visit) };
}

/** Member `index` of the for_each state `block`: its visit is the block's, its scope has the item. */
export function getMemberInput(block: string, index: number, item: unknown, context: RunContext): StepActorInput {
  const visit = context.visits[block] ?? 0;
  return { state: getMemberId(block, index), visit, scope: { ...getScope(context, visit), item, item_index: index } };
}

/** A for_each state's outputs: each output key → the members' values in member order (null where a member lacks it). */
export function getMemberLists(context: RunContext, block: string, count: number): Record<string, unknown[]> {
  const members = Array.from({ length: count }, (_, k) => context.states[getMemberId(block, k)]?.outputs ?? {});
  const keys = [...new Set(members.flatMap((outputs) => Object.keys(outputs)))];
  return Object.fromEntries(keys.map((key) => [key, members.map((outputs) => outputs[key] ?? null)]));
}
