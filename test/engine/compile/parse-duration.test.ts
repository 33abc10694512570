import assert from 'node:assert/strict';
import { getBackoffMs, normalizeStepOptions } from '../../../engine/compile/normalize-step-options.js';
import { parseDuration } from '../../../engine/compile/parse-duration.js';

describe('parseDuration', () => {
  it('reads seconds and unit strings', () => {
    assert.equal(parseDuration(1.5), 1500);
    assert.equal(parseDuration('500ms'), 500);
    assert.equal(parseDuration('90s'), 90_000);
    assert.equal(parseDuration('5m'), 300_000);
    assert.equal(parseDuration('2h'), 7_200_000);
    assert.throws(() => parseDuration('5 minutes'), /invalid duration "5 minutes": expected/);
  });
});

describe('normalizeStepOptions', () => {
  it('merges state options over defaults field by field and sets every default', () => {
    const options = normalizeStepOptions(
      { step: 'x', next: 'done', retry: { backoff: { initial: '2s' } } },
      { retry: { max_attempts: 3, backoff: { factor: 3 } }, timeout: '5m', resources: { gpus: 1 } },
    );
    assert.deepEqual(options, { maxAttempts: 3, backoff: { initialMs: 2000, factor: 3, maxMs: 300_000 }, timeoutMs: 300_000, gpus: 1, executor: 'local' });
    assert.deepEqual(normalizeStepOptions({ step: 'x', next: 'done' }), { maxAttempts: 1, backoff: { initialMs: 1000, factor: 2, maxMs: 300_000 }, gpus: 0, executor: 'local' });
  });

  it('grows the backoff by factor up to max', () => {
    const backoff = { initialMs: 100, factor: 2, maxMs: 350 };
    assert.deepEqual([1, 2, 3, 4].map((n) => getBackoffMs(backoff, n)), [100, 200, 350, 350]);
  });
});
