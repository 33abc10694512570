import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../../../steps/lib/ml/backend/init-backend.js';
import { computePairLoss } from '../../../../../steps/lib/ml/losses/pair-loss.js';

const close = (got: number, expected: number, what: string) => assert.ok(Math.abs(got - expected) < 1e-5, `${what}: ${got} vs ${expected}`);
const softplus = (x: number) => Math.log1p(Math.exp(x));

describe('ml/losses: pair losses', () => {
  before(async () => {
    await initBackend('auto');
  });
  // r_c − r_r = [2, −1]
  const chosen = () => tf.tensor1d([2, 0]);
  const rejected = () => tf.tensor1d([0, 1]);
  const base = { margin: 0, centerCoef: 0 };

  it('Bradley–Terry is mean −log σ(r_c − r_r)', () => {
    const loss = computePairLoss({ chosen: chosen(), rejected: rejected(), loss: 'bt', ...base }).dataSync()[0];
    close(loss, (softplus(-2) + softplus(1)) / 2, 'bt');
    close(loss, 0.7200948, 'bt by hand');
  });

  it('Bradley–Terry with a margin subtracts it inside the sigmoid', () => {
    const loss = computePairLoss({ chosen: chosen(), rejected: rejected(), loss: 'bt', margin: 1, centerCoef: 0 }).dataSync()[0];
    close(loss, (softplus(-1) + softplus(2)) / 2, 'bt margin');
  });

  it('hinge is mean max(0, margin − (r_c − r_r))', () => {
    const loss = computePairLoss({ chosen: chosen(), rejected: rejected(), loss: 'hinge', margin: 1, centerCoef: 0 }).dataSync()[0];
    close(loss, (0 + 2) / 2, 'hinge');
  });

  it('per-pair weights multiply each pair loss', () => {
    const loss = computePairLoss({ chosen: chosen(), rejected: rejected(), weights: tf.tensor1d([1, 0.5]), loss: 'hinge', margin: 1, centerCoef: 0 }).dataSync()[0];
    close(loss, (0 + 0.5 * 2) / 2, 'weighted hinge');
  });

  it('centering adds coef · mean((r_c + r_r)²)', () => {
    const plain = computePairLoss({ chosen: chosen(), rejected: rejected(), loss: 'bt', ...base }).dataSync()[0];
    const centered = computePairLoss({ chosen: chosen(), rejected: rejected(), loss: 'bt', margin: 0, centerCoef: 0.01 }).dataSync()[0];
    close(centered - plain, 0.01 * ((2 * 2 + 1 * 1) / 2), 'centering term');
  });

  it('has a finite gradient through intermediate tensors (the logSigmoid pitfall)', () => {
    const w = tf.variable(tf.tensor1d([0.5, -0.5]));
    const { grads } = tf.variableGrads(
      () => computePairLoss({ chosen: tf.mul(w, 2) as tf.Tensor1D, rejected: tf.mul(w, -1) as tf.Tensor1D, loss: 'bt', ...base }),
      [w],
    );
    const g = grads[w.name].dataSync();
    // d/dw_i of mean softplus(−3w_i) = −3σ(−3w_i)/2
    close(g[0], (-3 / (1 + Math.exp(1.5))) / 2, 'grad 0');
    close(g[1], (-3 / (1 + Math.exp(-1.5))) / 2, 'grad 1');
  });
});
