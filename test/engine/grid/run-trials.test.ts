import assert from 'node:assert/strict';
import { runTrials } from '../../../engine/grid/run-trials.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('grid: trial scheduling', () => {
  it('runs at most max_parallel trials at once and all of them in the end', async () => {
    let running = 0;
    let peak = 0;
    const outcomes = await runTrials({
      count: 7,
      maxParallel: 3,
      runTrial: async (index) => {
        peak = Math.max(peak, ++running);
        await tick(5 + (index % 3) * 5);
        running--;
        return index * 10;
      },
    });
    assert.equal(peak, 3);
    assert.deepEqual(
      outcomes.map((o) => [o.status, o.result]),
      [0, 1, 2, 3, 4, 5, 6].map((i) => ['succeeded', i * 10]),
    );
  });

  it('without fail_fast, a failing trial does not stop the others', async () => {
    const outcomes = await runTrials({
      count: 4,
      maxParallel: 2,
      runTrial: async (index) => {
        if (index === 1) throw new Error('diverged');
        return { final: index === 2 ? 'failed' : 'done' };
      },
      isFailed: (r) => r.final === 'failed',
    });
    assert.deepEqual(outcomes.map((o) => o.status), ['succeeded', 'failed', 'failed', 'succeeded']);
    assert.match(String(outcomes[1]!.error), /diverged/);
  });

  it('with fail_fast, the first failure cancels running trials and skips pending ones', async () => {
    const started: number[] = [];
    const outcomes = await runTrials({
      count: 5,
      maxParallel: 2,
      failFast: true,
      runTrial: async (index, signal) => {
        started.push(index);
        if (index === 0) {
          await tick(10);
          throw new Error('bad trial');
        }
        await new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
        return 'unreachable';
      },
    });
    assert.deepEqual(started, [0, 1]);
    assert.deepEqual(outcomes.map((o) => o.status), ['failed', 'cancelled', 'cancelled', 'cancelled', 'cancelled']);
  });

  it('cancelling the grid cancels every trial', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('user cancel')), 10);
    const outcomes = await runTrials({
      count: 3,
      maxParallel: 1,
      signal: controller.signal,
      runTrial: (_index, signal) => new Promise<never>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
    });
    assert.deepEqual(outcomes.map((o) => o.status), ['cancelled', 'cancelled', 'cancelled']);
  });
});
