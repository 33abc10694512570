import assert from 'node:assert/strict';
import { computeGae } from '../../../../../steps/lib/ml/ppo/gae.js';
import { whiten, whitenRows } from '../../../../../steps/lib/ml/ppo/whiten.js';
import { estimateKl, shapeRewards } from '../../../../../steps/lib/ml/ppo/kl-penalty.js';

function assertClose(actual: readonly number[], expected: readonly number[], tol = 1e-9): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((a, i) => assert.ok(Math.abs(a - expected[i]!) < tol, `index ${i}: ${a} vs ${expected[i]}`));
}

describe('GAE', () => {
  it('matches a hand-made 3-token trajectory (γ 1, λ 0.95)', () => {
    // δ2 = 1 − 0.3 = 0.7; δ1 = 0.3 − 0.4 = −0.1; δ0 = 0.4 − 0.5 = −0.1
    // A2 = 0.7; A1 = −0.1 + 0.95·0.7 = 0.565; A0 = −0.1 + 0.95·0.565 = 0.43675
    const { advantages, returns } = computeGae({ rewards: [0, 0, 1], values: [0.5, 0.4, 0.3] });
    assertClose(advantages, [0.43675, 0.565, 0.7]);
    assertClose(returns, [0.93675, 0.965, 1.0]);
  });

  it('discounts with γ < 1', () => {
    // δ2 = 0.7; δ1 = 0.9·0.3 − 0.4 = −0.13; δ0 = 0.9·0.4 − 0.5 = −0.14; γλ = 0.45
    const { advantages } = computeGae({ rewards: [0, 0, 1], values: [0.5, 0.4, 0.3], gamma: 0.9, lam: 0.5 });
    assertClose(advantages, [-0.14 + 0.45 * 0.185, 0.185, 0.7]);
  });

  it('rejects mismatched lengths with a message that says how to fix it', () => {
    assert.throws(() => computeGae({ rewards: [1], values: [] }), /1 rewards but 0 values/);
  });
});

describe('whitening', () => {
  it('uses the unbiased variance like TRL masked_whiten', () => {
    // mean 2.5, var = 5/3, std 1.2909944487
    const s = Math.sqrt(5 / 3 + 1e-8);
    assertClose(whiten([1, 2, 3, 4]), [-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s]);
    assertClose(whiten([1, 2, 3, 4], { shiftMean: false }), [2.5 - 1.5 / s, 2.5 - 0.5 / s, 2.5 + 0.5 / s, 2.5 + 1.5 / s]);
  });

  it('whitens variable-length rows over the whole batch', () => {
    const rows = whitenRows([[1], [2, 3, 4]]);
    assert.deepEqual(rows.map((r) => r.length), [1, 3]);
    assertClose(rows.flat(), whiten([1, 2, 3, 4]));
  });
});

describe('KL penalty and reward shaping', () => {
  it('k1 is logp − logp_ref; k3 is (e^r − 1) − r', () => {
    assertClose(estimateKl([-1, -2], [-1.5, -1]), [0.5, -1]);
    // r = −0.5 → e^−0.5 − 1 + 0.5; r = 1 → e − 1 − 1
    assertClose(estimateKl([-1, -2], [-1.5, -1], 'k3'), [Math.exp(-0.5) - 0.5, Math.E - 2]);
  });

  it('puts −β·kl on every token and the score on the last', () => {
    assertClose(shapeRewards({ score: 0.7, kl: [0.1, -0.2, 0.3], beta: 0.2 }), [-0.02, 0.04, -0.06 + 0.7]);
  });
});
