import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../../../steps/lib/ml/backend/init-backend.js';
import { applyAdamW, createAdamWState } from '../../../../../steps/lib/ml/optim/adamw.js';
import { getLearningRate } from '../../../../../steps/lib/ml/optim/lr-schedule.js';

describe('ml/optim: AdamW and the learning-rate schedule', () => {
  before(async () => {
    await initBackend('auto');
  });

  it('decays weights directly (decoupled), even with a zero gradient', () => {
    const p = tf.variable(tf.tensor1d([2, -4]));
    const params = new Map([['p', p]]);
    const state = createAdamWState(params);
    applyAdamW({ params, grads: { [p.name]: tf.zeros([2]) }, state, lr: 0.1, weightDecay: 0.5 });
    const got = p.dataSync();
    assert.ok(Math.abs(got[0] - 2 * (1 - 0.05)) < 1e-6 && Math.abs(got[1] + 4 * (1 - 0.05)) < 1e-6, `got ${got}`);
  });

  it('takes a first step of lr · sign(grad) (bias-corrected Adam)', () => {
    const p = tf.variable(tf.tensor1d([1, 1]));
    const params = new Map([['p', p]]);
    const state = createAdamWState(params);
    applyAdamW({ params, grads: { [p.name]: tf.tensor1d([3, -0.2]) }, state, lr: 0.01, weightDecay: 0 });
    const got = p.dataSync();
    assert.ok(Math.abs(got[0] - 0.99) < 1e-5 && Math.abs(got[1] - 1.01) < 1e-5, `got ${got}`);
    assert.equal(state.step, 1);
  });

  it('the fused update (wasm SIMD on wasm, JS on cpu) equals the op-by-op update over several steps', () => {
    // 7 elements: one 4-wide SIMD block and a 3-element scalar tail.
    const make = () => new Map([['w', tf.variable(tf.tensor1d([0.5, -1, 2, 0.1, 3, -0.25, 0]))]]);
    const fused = make();
    const plain = make();
    const fusedState = createAdamWState(fused);
    const plainState = createAdamWState(plain);
    for (let step = 1; step <= 3; step++) {
      const grad = tf.tensor1d([step, -0.5, 0.01 * step, 2, -step, 0, 1e-3]);
      applyAdamW({ params: fused, grads: { [fused.get('w')!.name]: grad }, state: fusedState, lr: 0.05, weightDecay: 0.1 });
      applyAdamW({ params: plain, grads: { [plain.get('w')!.name]: grad }, state: plainState, lr: 0.05, weightDecay: 0.1, fused: false });
    }
    const a = fused.get('w')!.dataSync();
    const b = plain.get('w')!.dataSync();
    a.forEach((x, i) => assert.ok(Math.abs(x - b[i]) < 1e-6, `element ${i}: ${x} vs ${b[i]}`));
  });

  it('warms up linearly, then decays linearly to 0', () => {
    const lr = (step: number) => getLearningRate({ step, totalSteps: 10, baseLr: 1, warmupRatio: 0.2 });
    assert.deepEqual([0, 1, 2, 6, 9].map(lr), [0.5, 1, 1, 0.5, 0.125]);
    assert.equal(getLearningRate({ step: 0, totalSteps: 4, baseLr: 1, warmupRatio: 0 }), 1);
  });
});
