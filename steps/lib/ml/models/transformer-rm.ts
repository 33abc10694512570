import * as tf from '@tensorflow/tfjs-core';
import { poolMean } from './bag-rm.js';
import type { SequenceBatch } from './encode-texts.js';
import type { RewardModelConfig } from './model-config.js';
import { getParam, makeParam, type ModelParams } from './model-params.js';
import { makeGlorotValues, makeNormalValues } from './init-values.js';
import { makeRandomFromSeed } from '../../random/seeded-random.js';

/**
 * The optional reward model: a pre-LayerNorm transformer encoder (config.layers × config.heads),
 * learned positions, masked mean pooling, scalar head. Much slower than the bag on CPU backends.
 */
export function initTransformerParams(config: RewardModelConfig): ModelParams {
  const random = makeRandomFromSeed(config.seed);
  const { dim, hidden } = config;
  const params: ModelParams = new Map();
  const ones = (n: number) => new Float32Array(n).fill(1);
  makeParam(params, 'embedding', [config.vocabSize, dim], makeNormalValues(random, config.vocabSize * dim, 0.1));
  makeParam(params, 'position', [config.maxLen, dim], makeNormalValues(random, config.maxLen * dim, 0.02));
  for (let l = 0; l < config.layers; l++) {
    const p = `layer${l}`;
    makeParam(params, `${p}/ln1/gamma`, [dim], ones(dim));
    makeParam(params, `${p}/ln1/beta`, [dim], new Float32Array(dim));
    for (const w of ['query', 'key', 'value', 'out']) {
      makeParam(params, `${p}/${w}/kernel`, [dim, dim], makeGlorotValues(random, dim, dim));
    }
    makeParam(params, `${p}/ln2/gamma`, [dim], ones(dim));
    makeParam(params, `${p}/ln2/beta`, [dim], new Float32Array(dim));
    makeParam(params, `${p}/ff1/kernel`, [dim, hidden], makeGlorotValues(random, dim, hidden));
    makeParam(params, `${p}/ff1/bias`, [hidden], new Float32Array(hidden));
    makeParam(params, `${p}/ff2/kernel`, [hidden, dim], makeGlorotValues(random, hidden, dim));
    makeParam(params, `${p}/ff2/bias`, [dim], new Float32Array(dim));
  }
  makeParam(params, 'final_ln/gamma', [dim], ones(dim));
  makeParam(params, 'final_ln/beta', [dim], new Float32Array(dim));
  makeParam(params, 'head/kernel', [dim, 1], makeGlorotValues(random, dim, 1));
  makeParam(params, 'head/bias', [1], new Float32Array(1));
  return params;
}

function normalizeLayer(x: tf.Tensor2D, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor2D {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), gamma), beta);
}

/** Multi-head self-attention over [rows·length, dim]; padded keys get a large negative bias. */
function attend(options: { params: ModelParams; prefix: string; x: tf.Tensor2D; keyBias: tf.Tensor; rows: number; length: number; heads: number }): tf.Tensor2D {
  const { params, prefix, x, keyBias, rows, length, heads } = options;
  const dim = x.shape[1];
  const headDim = dim / heads;
  const split = (w: string) =>
    tf.transpose(tf.reshape(tf.matMul(x, getParam(params, `${prefix}/${w}/kernel`)), [rows, length, heads, headDim]), [0, 2, 1, 3]);
  const q = split('query');
  const k = split('key');
  const v = split('value');
  // Explicit transpose: see kernels/matmul-no-transpose.ts.
  const scores = tf.add(tf.mul(tf.matMul(q, tf.transpose(k, [0, 1, 3, 2])), 1 / Math.sqrt(headDim)), keyBias);
  const context = tf.matMul(tf.softmax(scores), v);
  const merged = tf.reshape(tf.transpose(context, [0, 2, 1, 3]), [rows * length, dim]);
  return tf.matMul(merged, getParam(params, `${prefix}/out/kernel`));
}

/** Rewards [rows] of a padded batch. */
export function scoreTransformer(params: ModelParams, batch: SequenceBatch, config: RewardModelConfig): tf.Tensor1D {
  const { rows, length } = batch;
  const { dim, heads } = config;
  const mask = tf.tensor2d(batch.mask, [rows, length]);
  const keyBias = tf.reshape(tf.mul(tf.sub(1, mask), -1e9), [rows, 1, 1, length]);
  const embedded = tf.reshape(tf.gather(getParam(params, 'embedding'), tf.tensor1d(batch.ids, 'int32')), [rows, length, dim]);
  const positions = tf.slice(getParam(params, 'position'), [0, 0], [length, dim]);
  let x = tf.reshape(tf.add(embedded, positions), [rows * length, dim]) as tf.Tensor2D;
  for (let l = 0; l < config.layers; l++) {
    const p = `layer${l}`;
    const h = normalizeLayer(x, getParam(params, `${p}/ln1/gamma`), getParam(params, `${p}/ln1/beta`));
    x = tf.add(x, attend({ params, prefix: p, x: h, keyBias, rows, length, heads }));
    const h2 = normalizeLayer(x, getParam(params, `${p}/ln2/gamma`), getParam(params, `${p}/ln2/beta`));
    const ff = tf.relu(tf.add(tf.matMul(h2, getParam(params, `${p}/ff1/kernel`)), getParam(params, `${p}/ff1/bias`)));
    x = tf.add(x, tf.add(tf.matMul(ff, getParam(params, `${p}/ff2/kernel`)), getParam(params, `${p}/ff2/bias`)));
  }
  const normed = normalizeLayer(x, getParam(params, 'final_ln/gamma'), getParam(params, 'final_ln/beta'));
  const pooled = poolMean(tf.reshape(normed, [rows, length, dim]) as tf.Tensor3D, mask);
  const reward = tf.add(tf.matMul(pooled, getParam(params, 'head/kernel')), getParam(params, 'head/bias'));
  return tf.reshape(reward, [rows]);
}
