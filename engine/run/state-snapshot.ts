import type { Snapshot } from 'xstate';
import type { Workflow } from '../../schemas/workflow-types.js';
import { getEntryConfiguration, type FanOuts } from '../compile/machine-layout.js';
import type { RunContext } from '../compile/run-context.js';

/**
 * A persisted snapshot that has just entered the top-level `state`, its steps about to run (the shape XState
 * persists: each invoked promise actor with its input); a parallel or for_each state with every region at its
 * start. Restoring it runs those visits, as after a kill there (a visit with a result.json is reused).
 */
export function makeStateSnapshot(workflow: Workflow, fanOuts: FanOuts, state: string, context: RunContext): Snapshot<unknown> {
  const { value, invocations } = getEntryConfiguration(workflow, fanOuts, state, context);
  const children = Object.fromEntries(
    Object.entries(invocations).map(([id, input]) => [id, { snapshot: { status: 'active', input }, src: 'step', syncSnapshot: false }]),
  );
  return { status: 'active', value, historyValue: {}, context, children } as unknown as Snapshot<unknown>;
}
