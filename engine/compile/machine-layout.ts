// The shape of the compiled machine's state values, shared by the compiler, the snapshots a resume builds and
// the run's state-entered events: a step state is a string value; a block (parallel or for_each state) is
// {block: {region: state}}, with one region per branch, or per member (`m<k>`, running in `run`).
import type { Workflow } from '../../schemas/workflow-types.js';
import { getBranches, getMemberId } from '../validate/workflow-view.js';
import type { RunContext, StepActorInput } from './run-context.js';
import { getMemberInput, getStepInput } from './step-inputs.js';

export const MACHINE_ID = 'workflow';
/** The invoke id of a top-level state's step; one runs at a time, and runs started earlier persisted this id. */
export const TOP_LEVEL_INVOKE_ID = 'step';
/** A member region's states: its step running, finished, failed (fail_fast false). */
export const MEMBER_RUNNING = 'run';
export const MEMBER_FINISHED = 'ok';
/** A region's final states: a branch ends in `done` (or `failed`, with fail_fast false). */
export const REGION_DONE = 'done';
export const REGION_FAILED = 'failed';

export function getMemberRegion(index: number): string {
  return `m${index}`;
}

/** for_each state → its resolved items; a state absent here is not a fan-out. */
export type FanOuts = Record<string, unknown[]>;

export function getFanOutItems(fanOuts: FanOuts, block: string): unknown[] {
  const items = fanOuts[block];
  if (!items) throw new Error(`bug: for_each state '${block}' has no resolved items`);
  return items;
}

/** A state id running now, with its visit. */
export interface ActiveState {
  state: string;
  visit: number;
}

/** The states a machine value is in, each with its visit: a block first, then its running members or branch states. */
export function getActiveStates(workflow: Workflow, value: unknown, context: RunContext): ActiveState[] {
  if (typeof value === 'string') return value === 'done' || value === 'failed' ? [] : [{ state: value, visit: context.visits[value] ?? 0 }];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value as Record<string, Record<string, unknown>>).flatMap(([block, regions]) => {
    const visit = context.visits[block] ?? 0;
    const inner = Object.entries(regions).flatMap(([region, state]): ActiveState[] => {
      if (workflow.states[block]?.for_each !== undefined) {
        return state === MEMBER_RUNNING ? [{ state: getMemberId(block, Number(region.slice(1))), visit }] : [];
      }
      return typeof state !== 'string' || state === REGION_DONE || state === REGION_FAILED ? [] : [{ state, visit: context.visits[state] ?? 0 }];
    });
    return [{ state: block, visit }, ...inner];
  });
}

/** What entering top-level `state` yields: the machine value, and each invoked step (by invoke id) with its input. */
export function getEntryConfiguration(workflow: Workflow, fanOuts: FanOuts, state: string, context: RunContext): { value: unknown; invocations: Record<string, StepActorInput> } {
  const definition = workflow.states[state];
  if (definition?.for_each !== undefined) {
    const items = getFanOutItems(fanOuts, state);
    return {
      value: { [state]: Object.fromEntries(items.map((_, k) => [getMemberRegion(k), MEMBER_RUNNING])) },
      invocations: Object.fromEntries(items.map((item, k) => [getMemberId(state, k), getMemberInput(state, k, item, context)])),
    };
  }
  const branches = definition ? getBranches(definition) : [];
  if (branches.length > 0) {
    return {
      value: { [state]: Object.fromEntries(branches.map(([branch, body]) => [branch, body.start])) },
      invocations: Object.fromEntries(branches.map(([, body]) => [body.start, getStepInput(body.start, context)])),
    };
  }
  return { value: state, invocations: { [TOP_LEVEL_INVOKE_ID]: getStepInput(state, context) } };
}
