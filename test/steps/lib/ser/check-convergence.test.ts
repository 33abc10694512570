import assert from 'node:assert/strict';
import { centerScores } from '../../../../steps/lib/ser/center-scores.js';
import { checkConvergence } from '../../../../steps/lib/ser/check-convergence.js';

describe('checkConvergence', () => {
  it('stops on the stop status first, then on max loops', () => {
    assert.deepEqual(checkConvergence({ status: 'stop', loop: 0, maxLoops: 3 }), { converged: true, reason: 'stop-status' });
    assert.deepEqual(checkConvergence({ status: 'status1', loop: 1, maxLoops: 3 }), { converged: false, reason: 'continue' });
    assert.deepEqual(checkConvergence({ status: 'status1', loop: 2, maxLoops: 3 }), { converged: true, reason: 'max-loops' });
  });

  it('detects a plateau: `patience` loops in a row improve the best dev accuracy by less than min_delta', () => {
    const base = { status: 'status2' as const, loop: 2, maxLoops: 10, minDelta: 0.01 };
    assert.equal(checkConvergence({ ...base, devHistory: [0.6, 0.65, 0.655], patience: 1 }).reason, 'plateau');
    assert.equal(checkConvergence({ ...base, devHistory: [0.6, 0.65, 0.66], patience: 1 }).reason, 'continue', 'exactly min_delta is an improvement');
    assert.equal(checkConvergence({ ...base, devHistory: [0.6, 0.65, 0.64, 0.66], patience: 2 }).reason, 'continue');
    assert.equal(checkConvergence({ ...base, devHistory: [0.6, 0.65, 0.64, 0.655], patience: 2 }).reason, 'plateau');
    assert.equal(checkConvergence({ ...base, devHistory: [0.6], patience: 1 }).reason, 'continue', 'too little history');
  });
});

describe('centerScores', () => {
  it('recomputes p = σ(r − mean r) over the pool, leaving rewards as they are', () => {
    const { scores, offset } = centerScores([{ id: 'x', r_a: 3, r_b: 1, p_a: 0, p_b: 0 }], 'pool-mean');
    assert.equal(offset, 2);
    assert.ok(Math.abs(scores[0].p_a - 1 / (1 + Math.exp(-1))) < 1e-12);
    assert.ok(Math.abs(scores[0].p_b - 1 / (1 + Math.exp(1))) < 1e-12);
    assert.equal(centerScores(scores, 'none').offset, 0);
    const z = centerScores([{ id: 'x', r_a: 3, r_b: 1, p_a: 0, p_b: 0 }], 'pool-z');
    assert.deepEqual([z.offset, z.scale], [2, 1]);
    const wide = centerScores([{ id: 'x', r_a: 6, r_b: 2, p_a: 0, p_b: 0 }], 'pool-z');
    assert.equal(wide.scale, 2);
    assert.ok(Math.abs(wide.scores[0].p_a - 1 / (1 + Math.exp(-1))) < 1e-12);
  });
});
