import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../../../steps/lib/ml/backend/init-backend.js';
import { embeddingBagKernel } from '../../../../../steps/lib/ml/kernels/embedding-bag.js';
import { initBagParams, scoreBag } from '../../../../../steps/lib/ml/models/bag-rm.js';
import { padSequences } from '../../../../../steps/lib/ml/models/encode-texts.js';
import { defaultModelConfig } from '../../../../../steps/lib/ml/models/model-config.js';
import { runWithoutKernel } from '../fixtures/without-kernel.js';

describe('ml/models: bag reward model', () => {
  before(async () => {
    await initBackend('auto');
  });

  it('the gather + masked-mean path (native backends) gives the rewards and gradients of the fused kernel', () => {
    const params = initBagParams({ ...defaultModelConfig, vocabSize: 40, seed: 4, dim: 8, hidden: 8 });
    // Rows of different lengths, so padding and per-row means matter.
    const batch = padSequences([Int32Array.from([5, 6, 7]), Int32Array.from([9]), Int32Array.from([10, 11, 12, 13, 5])]);
    const run = () => {
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(scoreBag(params, batch), tf.tensor1d([1, -2, 0.5]))), [...params.values()]);
      return { rewards: tf.tidy(() => scoreBag(params, batch)).dataSync(), loss: value.dataSync()[0], grad: grads[params.get('embedding')!.name].dataSync() };
    };
    const fused = run();
    const composite = runWithoutKernel(embeddingBagKernel, run);
    const close = (a: ArrayLike<number>, b: ArrayLike<number>, what: string) => {
      for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) < 1e-5, `${what} ${i}: ${a[i]} vs ${b[i]}`);
    };
    close(fused.rewards, composite.rewards, 'reward');
    close([fused.loss], [composite.loss], 'loss');
    close(fused.grad, composite.grad, 'embedding gradient');
  });
});
