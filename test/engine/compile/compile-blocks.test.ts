import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { createActor, fromPromise, waitFor } from 'xstate';
import type { Workflow } from '../../../schemas/workflow-types.js';
import { compileMachine } from '../../../engine/compile/compile-machine.js';
import { getActiveStates } from '../../../engine/compile/machine-layout.js';
import type { StepActorInput, StepActorOutput } from '../../../engine/compile/run-context.js';
import { evaluateCondition } from '../../../engine/expr/index.js';

interface Call {
  input: StepActorInput;
  aborted?: boolean;
}

/** A fake step: outputs {value: item * 10} (or 1), after `delays[state]` ms; fails the states in `failing`. */
function makeStep(calls: Call[], options: { failing?: string[]; delays?: Record<string, number> } = {}) {
  return fromPromise<StepActorOutput, StepActorInput>(async ({ input, signal }) => {
    const call: Call = { input };
    calls.push(call);
    await sleep(options.delays?.[input.state] ?? 5);
    if (signal.aborted) {
      call.aborted = true;
      throw new Error('aborted');
    }
    if (options.failing?.includes(input.state)) throw new Error(`step '${input.state}' failed on purpose`);
    return { outputs: { value: typeof input.scope.item === 'number' ? input.scope.item * 10 : 1, index: input.scope.item_index ?? null } };
  });
}

const RUN = { params: { n: 3 }, run: { id: 'r', dir: '/tmp/r' }, vars: { total: 0, rm: null } };

async function runToEnd(workflow: Workflow, step: ReturnType<typeof makeStep>, fanOuts: Record<string, unknown[]> = {}) {
  const machine = compileMachine({ workflow, fanOuts, step, evaluateCondition });
  const actor = createActor(machine, { input: RUN });
  const seen: string[] = [];
  actor.subscribe((s) => {
    for (const { state, visit } of getActiveStates(workflow, s.value, s.context)) if (!seen.includes(`${state}#${visit}`)) seen.push(`${state}#${visit}`);
  });
  actor.start();
  const snapshot = await waitFor(actor, (s) => s.status === 'done', { timeout: 5000 });
  return { value: snapshot.value, context: snapshot.context, seen };
}

const fanOut = (extra: Partial<Workflow['states'][string]> = {}): Workflow => ({
  name: 'w',
  start: 'score',
  states: {
    score: {
      step: 'x',
      for_each: [1, 2, 3],
      with: { v: '${{ item }}' },
      set: { total: '${{ outputs.value[0] + outputs.value[1] + outputs.value[2] }}' },
      next: [{ if: '${{ outputs.value[2] == 30 }}', next: 'after' }, { next: 'failed' }],
      ...extra,
    },
    after: { step: 'x', next: 'done' },
  },
});

const parallel = (failFast = true): Workflow => ({
  name: 'w',
  start: 'both',
  states: {
    both: {
      fail_fast: failFast,
      parallel: {
        left: { start: 'a1', states: { a1: { step: 'x', next: 'a2' }, a2: { step: 'x', next: 'done' } } },
        right: { start: 'b1', states: { b1: { step: 'x', next: 'b2' }, b2: { step: 'x', set: { rm: '${{ outputs.value }}' }, next: 'done' } } },
      },
      next: 'after',
      on_error: 'recover',
    },
    after: { step: 'x', next: 'done' },
    recover: { step: 'x', next: 'failed' },
  },
});

describe('compileMachine: parallel and for_each blocks', () => {
  it('runs a for_each state as concurrent members, joins with per-key lists, applies set and counts visits', async () => {
    const calls: Call[] = [];
    const { value, context, seen } = await runToEnd(fanOut(), makeStep(calls, { delays: { 'score[0]': 30 } }), { score: [1, 2, 3] });
    assert.equal(value, 'done');
    assert.deepEqual(calls.slice(0, 3).map((c) => [c.input.state, c.input.visit, c.input.scope.item, c.input.scope.item_index]), [
      ['score[0]', 0, 1, 0],
      ['score[1]', 0, 2, 1],
      ['score[2]', 0, 3, 2],
    ]);
    assert.deepEqual(context.states.score, { outputs: { value: [10, 20, 30], index: [0, 1, 2] } });
    assert.equal(context.vars?.total, 60);
    assert.deepEqual(context.visits, { score: 1, 'score[0]': 1, 'score[1]': 1, 'score[2]': 1, after: 1 });
    assert.deepEqual(seen, ['score#0', 'score[0]#0', 'score[1]#0', 'score[2]#0', 'after#0']);
  });

  it('runs parallel branches at once, each branch in order, and joins', async () => {
    const calls: Call[] = [];
    const { value, context, seen } = await runToEnd(parallel(), makeStep(calls, { delays: { a1: 40 } }));
    assert.equal(value, 'done');
    // b1 and b2 finish while a1 still runs.
    assert.deepEqual(calls.map((c) => c.input.state), ['a1', 'b1', 'b2', 'a2', 'after']);
    assert.equal(context.vars?.rm, 1);
    assert.deepEqual(context.visits, { a1: 1, a2: 1, b1: 1, b2: 1, both: 1, after: 1 });
    assert.deepEqual(seen, ['both#0', 'a1#0', 'b1#0', 'b2#0', 'a2#0', 'after#0']);
  });

  it('fail-fast: a failed branch stops its siblings and leaves through the block on_error', async () => {
    const calls: Call[] = [];
    const { value, context } = await runToEnd(parallel(), makeStep(calls, { failing: ['b1'], delays: { a1: 60 } }));
    assert.equal(value, 'failed');
    assert.deepEqual(calls.map((c) => c.input.state), ['a1', 'b1', 'recover']);
    await sleep(80);
    assert.equal(calls[0]!.aborted, true, 'a1 was stopped');
    assert.match(context.error ?? '', /b1' failed on purpose/);
    assert.equal(context.visits.both, 1);
  });

  it('fail_fast false: the siblings finish, then the block takes on_error with the first error', async () => {
    const calls: Call[] = [];
    const { value, context } = await runToEnd(parallel(false), makeStep(calls, { failing: ['b1'], delays: { a1: 40 } }));
    assert.equal(value, 'failed');
    assert.deepEqual(calls.map((c) => c.input.state), ['a1', 'b1', 'a2', 'recover']);
    assert.equal(calls[0]!.aborted, undefined);
    assert.match(context.error ?? '', /b1' failed on purpose/);
  });

  it('fail-fast for_each: a failed member fails the run with its error', async () => {
    const calls: Call[] = [];
    const { value, context } = await runToEnd(fanOut(), makeStep(calls, { failing: ['score[1]'], delays: { 'score[0]': 60, 'score[2]': 60 } }), { score: [1, 2, 3] });
    assert.equal(value, 'failed');
    assert.match(context.error ?? '', /score\[1\]' failed on purpose/);
    await sleep(80);
    assert.deepEqual(calls.filter((c) => c.aborted).map((c) => c.input.state), ['score[0]', 'score[2]']);
    assert.deepEqual(context.visits, { score: 1, 'score[0]': 1, 'score[1]': 1, 'score[2]': 1 });
  });

  it('a persisted snapshot inside a for_each restores and runs only the unfinished members', async () => {
    const calls: Call[] = [];
    const workflow = fanOut();
    const machine = compileMachine({ workflow, fanOuts: { score: [1, 2, 3] }, step: makeStep(calls, { delays: { 'score[0]': 5, 'score[1]': 500, 'score[2]': 500 } }), evaluateCondition });
    const first = createActor(machine, { input: RUN }).start();
    await waitFor(first, (s) => s.context.states['score[0]'] !== undefined, { timeout: 2000 });
    const persisted = first.getPersistedSnapshot();
    first.stop();

    const again: Call[] = [];
    const resumed = compileMachine({ workflow, fanOuts: { score: [1, 2, 3] }, step: makeStep(again), evaluateCondition });
    const actor = createActor(resumed, { snapshot: persisted, input: RUN }).start();
    const done = await waitFor(actor, (s) => s.status === 'done', { timeout: 5000 });
    assert.equal(done.value, 'done');
    assert.deepEqual(again.map((c) => c.input.state), ['score[1]', 'score[2]', 'after']);
    assert.deepEqual(done.context.states.score, { outputs: { value: [10, 20, 30], index: [0, 1, 2] } });
  });

  it('loops over a block within its max_visits (members follow the block visit), then takes on_exhausted', async () => {
    const calls: Call[] = [];
    const workflow = fanOut({ max_visits: 2, on_exhausted: 'after', next: 'score' });
    const { value, context, seen } = await runToEnd(workflow, makeStep(calls), { score: [1, 2] });
    assert.equal(value, 'done');
    assert.deepEqual(calls.map((c) => `${c.input.state}#${c.input.visit}`), ['score[0]#0', 'score[1]#0', 'score[0]#1', 'score[1]#1', 'after#0']);
    assert.deepEqual(context.visits, { score: 2, 'score[0]': 2, 'score[1]': 2, after: 1 });
    assert.deepEqual(seen, ['score#0', 'score[0]#0', 'score[1]#0', 'score#1', 'score[0]#1', 'score[1]#1', 'after#0']);
  });

  it('a persisted snapshot inside a branch restores each branch where it was', async () => {
    const calls: Call[] = [];
    const workflow = parallel();
    const machine = compileMachine({ workflow, step: makeStep(calls, { delays: { a1: 500 } }), evaluateCondition });
    const first = createActor(machine, { input: RUN }).start();
    await waitFor(first, (s) => s.context.states.b2 !== undefined, { timeout: 2000 });
    const persisted = first.getPersistedSnapshot();
    first.stop();

    const again: Call[] = [];
    const resumed = compileMachine({ workflow, step: makeStep(again), evaluateCondition });
    const actor = createActor(resumed, { snapshot: persisted, input: RUN }).start();
    const done = await waitFor(actor, (s) => s.status === 'done', { timeout: 5000 });
    assert.equal(done.value, 'done');
    // The right branch had finished; the left one re-runs a1 (stopped) and goes on.
    assert.deepEqual(again.map((c) => c.input.state), ['a1', 'a2', 'after']);
    assert.equal(done.context.vars?.rm, 1);
  });
});
