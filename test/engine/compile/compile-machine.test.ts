import assert from 'node:assert/strict';
import { createActor, fromPromise, waitFor } from 'xstate';
import type { Workflow } from '../../../schemas/workflow-types.js';
import { compileMachine } from '../../../engine/compile/compile-machine.js';
import type { StepActorInput, StepActorOutput } from '../../../engine/compile/run-context.js';
import { evaluateCondition } from '../../../engine/expr/index.js';

/** A fake step: `value` input + 1, computed from the scope the engine would resolve `with` against. */
function makeStep(calls: StepActorInput[], fail: (input: StepActorInput) => boolean = () => false) {
  return fromPromise<StepActorOutput, StepActorInput>(async ({ input }) => {
    calls.push(input);
    if (fail(input)) throw new Error(`step '${input.state}' failed on purpose`);
    const previous = input.scope.states.count?.outputs.value;
    return { outputs: { value: (typeof previous === 'number' ? previous : 0) + 1 } };
  });
}

async function runToEnd(workflow: Workflow, step: ReturnType<typeof makeStep>) {
  const machine = compileMachine({ workflow, step, evaluateCondition });
  const actor = createActor(machine, { input: { params: { limit: 3 }, run: { id: 'r', dir: '/tmp/r' } } }).start();
  const snapshot = await waitFor(actor, (s) => s.status === 'done', { timeout: 5000 });
  return { value: snapshot.value, context: snapshot.context };
}

const loop = (maxVisits: number, extra: Partial<Workflow['states'][string]> = {}): Workflow => ({
  name: 'w',
  start: 'count',
  states: {
    count: {
      step: 'x',
      max_visits: maxVisits,
      next: [{ if: '${{ outputs.value < params.limit }}', next: 'count' }, { next: 'after' }],
      ...extra,
    },
    after: { step: 'x', next: 'done' },
  },
});

describe('compileMachine', () => {
  it('loops on a guard (first true branch wins), counts visits and ends in done', async () => {
    const calls: StepActorInput[] = [];
    const { value, context } = await runToEnd(loop(5), makeStep(calls));
    assert.equal(value, 'done');
    assert.deepEqual(context.visits, { count: 3, after: 1 });
    assert.deepEqual(
      calls.map((c) => `${c.state}#${c.visit}/${c.scope.loop.index}`),
      ['count#0/0', 'count#1/1', 'count#2/2', 'after#0/0'],
    );
    assert.deepEqual(context.states.count.outputs, { value: 3 });
    assert.equal(context.error, undefined);
  });

  it('fails with a clear message past max_visits', async () => {
    const calls: StepActorInput[] = [];
    const { value, context } = await runToEnd(loop(2), makeStep(calls));
    assert.equal(value, 'failed');
    assert.equal(calls.length, 2);
    assert.match(context.error ?? '', /state 'count' reached its max_visits \(2\)/);
  });

  it('goes to on_exhausted instead of a visit past max_visits', async () => {
    const { value, context } = await runToEnd(loop(2, { on_exhausted: 'after' }), makeStep([]));
    assert.equal(value, 'done');
    assert.deepEqual(context.visits, { count: 2, after: 1 });
  });

  it('follows on_error when a step fails, and fails the run by default', async () => {
    const failing = (input: StepActorInput) => input.state === 'count';
    const handled = await runToEnd(loop(5, { on_error: 'after' }), makeStep([], failing));
    assert.equal(handled.value, 'done');
    const unhandled = await runToEnd(loop(5), makeStep([], failing));
    assert.equal(unhandled.value, 'failed');
    assert.equal(unhandled.context.error, "step 'count' failed on purpose");
  });

  it('fails when no branch matches and there is no default', async () => {
    const workflow: Workflow = { name: 'w', start: 'count', states: { count: { step: 'x', next: [{ if: '${{ outputs.value > 10 }}', next: 'done' }] } } };
    const { value, context } = await runToEnd(workflow, makeStep([]));
    assert.equal(value, 'failed');
    assert.match(context.error ?? '', /no `next` branch of state 'count' matched/);
  });

  it('stops with an error naming the state and condition when a condition cannot be evaluated', async () => {
    const machine = compileMachine({
      workflow: loop(5),
      step: makeStep([]),
      evaluateCondition: () => {
        throw new Error('boom');
      },
    });
    const actor = createActor(machine, { input: { params: {}, run: { id: 'r', dir: '/tmp/r' } } });
    const failed = new Promise<unknown>((resolve) => actor.subscribe({ error: resolve }));
    actor.start();
    const error = await failed;
    assert.match((error as Error).message, /state 'count': condition \$\{\{ outputs\.value < params\.limit \}\} could not be evaluated: boom/);
  });

  it('persists a snapshot that restores into the running state and re-invokes its step', async () => {
    const calls: StepActorInput[] = [];
    let release: () => void = () => undefined;
    const blocked = fromPromise<StepActorOutput, StepActorInput>(async ({ input }) => {
      calls.push(input);
      // Only the first run of `after` blocks (it is "killed"); the restored one completes.
      if (input.state === 'after' && calls.filter((c) => c.state === 'after').length === 1) await new Promise<void>((resolve) => (release = resolve));
      return { outputs: { value: 1 } };
    });
    const workflow = loop(5);
    const machine = compileMachine({ workflow, step: blocked, evaluateCondition });
    const input = { params: { limit: 0 }, run: { id: 'r', dir: '/tmp/r' } };
    const actor = createActor(machine, { input }).start();
    await waitFor(actor, (s) => s.value === 'after');
    const persisted = JSON.parse(JSON.stringify(actor.getPersistedSnapshot()));
    actor.stop();
    release();
    const restored = createActor(machine, { snapshot: persisted, input }).start();
    const done = await waitFor(restored, (s) => s.status === 'done', { timeout: 5000 });
    assert.equal(done.value, 'done');
    assert.deepEqual(
      calls.map((c) => `${c.state}#${c.visit}`),
      ['count#0', 'after#0', 'after#0'],
    );
  });
});
