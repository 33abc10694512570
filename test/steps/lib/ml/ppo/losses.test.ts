import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { computePpoLoss } from '../../../../../steps/lib/ml/ppo/losses.js';
import { initBackend } from '../../../../../steps/lib/ml/backend/init-backend.js';

function lossesFor(tokens: { ratio: number; adv: number; v?: number; vOld?: number; ret?: number }[]) {
  return tf.tidy(() => {
    const out = computePpoLoss({
      logp: tf.tensor1d(tokens.map((t) => Math.log(t.ratio))),
      oldLogp: tf.zeros([tokens.length]) as tf.Tensor1D,
      values: tf.tensor1d(tokens.map((t) => t.v ?? 0)),
      oldValues: tf.tensor1d(tokens.map((t) => t.vOld ?? 0)),
      advantages: tf.tensor1d(tokens.map((t) => t.adv)),
      returns: tf.tensor1d(tokens.map((t) => t.ret ?? 0)),
    });
    return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.arraySync() as number]));
  });
}

const close = (a: number | undefined, b: number, tol = 1e-5) => assert.ok(Math.abs(a! - b) < tol, `${a} vs ${b}`);

describe('PPO clipped losses', () => {
  before(async () => {
    await initBackend('auto');
  });

  it('inside the clip range the policy loss is −A·ρ', () => {
    const out = lossesFor([{ ratio: 1.1, adv: 1 }]);
    close(out.policyLoss, -1.1);
    close(out.clipfrac, 0);
    close(out.ratioMean, 1.1);
    close(out.approxKl, 0.5 * Math.log(1.1) ** 2);
  });

  it('at the clip boundary both terms agree: −A·1.2', () => {
    close(lossesFor([{ ratio: 1.2, adv: 2 }]).policyLoss, -2.4);
  });

  it('outside the range with A > 0 the clipped term −A·(1+ε) wins', () => {
    const out = lossesFor([{ ratio: 1.5, adv: 2 }]);
    close(out.policyLoss, -2.4);
    close(out.clipfrac, 1);
  });

  it('below the range with A < 0 the clipped term wins: −A·(1−ε)', () => {
    const out = lossesFor([{ ratio: 0.5, adv: -1 }]);
    close(out.policyLoss, 0.8);
    close(out.clipfrac, 1);
  });

  it('outside the range in the harmful direction the unclipped (pessimistic) term stays', () => {
    const out = lossesFor([{ ratio: 1.5, adv: -1 }]);
    close(out.policyLoss, 1.5);
    close(out.clipfrac, 0);
  });

  it('value loss: 0.5·max of unclipped and clipped squared errors, averaged', () => {
    // token 1: V 0.5 vs V_old 0 → clipped 0.2; (0.5−1)² = 0.25, (0.2−1)² = 0.64 → 0.64
    // token 2: V 0.1 inside the range → (0.1−1)² = 0.81
    // token 3: V −0.5, R 0 → 0.25 vs clipped (−0.2)² = 0.04 → 0.25
    const out = lossesFor([
      { ratio: 1, adv: 0, v: 0.5, ret: 1 },
      { ratio: 1, adv: 0, v: 0.1, ret: 1 },
      { ratio: 1, adv: 0, v: -0.5, ret: 0 },
    ]);
    close(out.valueLoss, 0.5 * (0.64 + 0.81 + 0.25) / 3);
    close(out.valueClipfrac, 1 / 3);
    close(out.loss, out.policyLoss! + 0.1 * out.valueLoss!);
  });

  it('gradients flow through the clipped objective only where it is not clipped', () => {
    const grad = tf.grad((logp: tf.Tensor) =>
      computePpoLoss({
        logp: logp as tf.Tensor1D,
        oldLogp: tf.zeros([2]) as tf.Tensor1D,
        values: tf.zeros([2]) as tf.Tensor1D,
        oldValues: tf.zeros([2]) as tf.Tensor1D,
        advantages: tf.tensor1d([1, 1]),
        returns: tf.zeros([2]) as tf.Tensor1D,
      }).loss,
    );
    const g = grad(tf.tensor1d([Math.log(1.1), Math.log(1.5)])).arraySync() as number[];
    close(g[0]!, -1.1 / 2); // d(−ρ)/dlogp = −ρ, averaged over 2 tokens
    close(g[1]!, 0);
  });
});
