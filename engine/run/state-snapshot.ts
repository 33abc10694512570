import type { Snapshot } from 'xstate';
import { getStepInput } from '../compile/compile-machine.js';
import type { RunContext } from '../compile/run-context.js';

/**
 * A persisted snapshot that sits in `state` with its step about to run (the shape XState persists: the invoked
 * promise actor with its input). Restoring it runs that visit, as after a kill in that state.
 */
export function makeStateSnapshot(state: string, context: RunContext): Snapshot<unknown> {
  return {
    status: 'active',
    value: state,
    historyValue: {},
    context,
    children: { step: { snapshot: { status: 'active', input: getStepInput(state, context) }, src: 'step', syncSnapshot: false } },
  } as unknown as Snapshot<unknown>;
}
