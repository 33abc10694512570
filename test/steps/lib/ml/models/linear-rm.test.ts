import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../../../steps/lib/ml/backend/init-backend.js';
import { embeddingBagKernel } from '../../../../../steps/lib/ml/kernels/embedding-bag.js';
import { padSequences } from '../../../../../steps/lib/ml/models/encode-texts.js';
import { initLinearParams, scoreLinear } from '../../../../../steps/lib/ml/models/linear-rm.js';
import { defaultModelConfig } from '../../../../../steps/lib/ml/models/model-config.js';
import { runWithoutKernel } from '../fixtures/without-kernel.js';

describe('ml/models: linear reward model', () => {
  before(async () => {
    await initBackend('auto');
  });
  const config = { ...defaultModelConfig, architecture: 'linear' as const, vocabSize: 20, bigramBuckets: 4, seed: 1 };
  // Rows of different lengths and a repeated word, so padding and counts matter.
  const batch = padSequences([Int32Array.from([5, 6, 5]), Int32Array.from([9]), Int32Array.from([10, 11, 22, 5])]);

  it('starts at 0 for every text and scores the sum of its words\' weights (a repeat counts twice, padding not at all)', () => {
    const params = initLinearParams(config);
    assert.deepEqual([...tf.tidy(() => scoreLinear(params, batch)).dataSync()], [0, 0, 0]);
    const weights = Array.from({ length: 24 }, (_, i) => (i % 5) - 2 + i / 100);
    params.get('embedding')!.assign(tf.tensor2d(weights, [24, 1]));
    const expected = [2 * weights[5] + weights[6], weights[9], weights[10] + weights[11] + weights[22] + weights[5]];
    const got = tf.tidy(() => scoreLinear(params, batch)).dataSync();
    expected.forEach((e, i) => assert.ok(Math.abs(got[i] - e) < 1e-5, `row ${i}: ${got[i]} vs ${e}`));
  });

  it('the gather path (native backends) gives the rewards and gradients of the fused kernel', () => {
    const params = initLinearParams(config);
    params.get('embedding')!.assign(tf.randomNormal([24, 1], 0, 1, 'float32', 7));
    const run = () => {
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(scoreLinear(params, batch), tf.tensor1d([1, -2, 0.5]))), [...params.values()]);
      return { loss: value.dataSync()[0], grad: grads[params.get('embedding')!.name].dataSync() };
    };
    const fused = run();
    const composite = runWithoutKernel(embeddingBagKernel, run);
    assert.ok(Math.abs(fused.loss - composite.loss) < 1e-5, `${fused.loss} vs ${composite.loss}`);
    fused.grad.forEach((g, i) => assert.ok(Math.abs(g - composite.grad[i]) < 1e-5, `gradient ${i}: ${g} vs ${composite.grad[i]}`));
    // Word 5 appears twice in row 0 (weight 1) and once in row 2 (weight 0.5): d/dw5 = 2 + 0.5.
    assert.ok(Math.abs(fused.grad[5] - 2.5) < 1e-6, `d/dw5 = ${fused.grad[5]}`);
  });
});
