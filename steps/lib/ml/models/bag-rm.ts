import * as tf from '@tensorflow/tfjs-core';
import { embedBag, hasEmbeddingBagKernel } from '../kernels/embedding-bag.js';
import type { SequenceBatch } from './encode-texts.js';
import type { RewardModelConfig } from './model-config.js';
import { getParam, makeParam, type ModelParams } from './model-params.js';
import { makeGlorotValues, makeNormalValues } from './init-values.js';
import { makeRandomFromSeed } from '../../random/seeded-random.js';

/**
 * The default reward model: mean of token (and hashed-bigram) embeddings → dense+ReLU → scalar.
 * With vocab 8000 and d 128 that is ~1.04 M parameters, almost all in the embedding.
 */
export function initBagParams(config: RewardModelConfig): ModelParams {
  const random = makeRandomFromSeed(config.seed);
  const rows = config.vocabSize + config.bigramBuckets;
  const params: ModelParams = new Map();
  makeParam(params, 'embedding', [rows, config.dim], makeNormalValues(random, rows * config.dim, 0.1));
  makeParam(params, 'dense1/kernel', [config.dim, config.hidden], makeGlorotValues(random, config.dim, config.hidden));
  makeParam(params, 'dense1/bias', [config.hidden], new Float32Array(config.hidden));
  makeParam(params, 'head/kernel', [config.hidden, 1], makeGlorotValues(random, config.hidden, 1));
  makeParam(params, 'head/bias', [1], new Float32Array(1));
  return params;
}

/** Masked mean of embeddings per row: [rows, dim]. Also used by the transformer's pooling. */
export function poolMean(x: tf.Tensor3D, mask: tf.Tensor2D): tf.Tensor2D {
  const summed = tf.sum(tf.mul(x, tf.expandDims(mask, 2)), 1) as tf.Tensor2D;
  const counts = tf.maximum(tf.sum(mask, 1, true), 1);
  return tf.div(summed, counts);
}

/** Per-token weights mask / (tokens in the row): the fused bag kernel then yields the masked mean. */
function getMeanWeights(batch: SequenceBatch): Float32Array {
  const weights = new Float32Array(batch.mask.length);
  for (let r = 0; r < batch.rows; r++) {
    let count = 0;
    for (let t = r * batch.length; t < (r + 1) * batch.length; t++) count += batch.mask[t];
    const scale = 1 / Math.max(count, 1);
    for (let t = r * batch.length; t < (r + 1) * batch.length; t++) weights[t] = batch.mask[t] * scale;
  }
  return weights;
}

/**
 * Σ_t weights[t] · embedding[ids[t]] per row of a padded batch ([rows, dim]): one fused kernel on cpu/wasm,
 * gather + weighted sum elsewhere. Mean weights give the bag's pooling, the mask alone the linear RM's sum.
 */
export function embedWeightedSum(embedding: tf.Variable, batch: SequenceBatch, weights: Float32Array): tf.Tensor2D {
  const ids = tf.tensor1d(batch.ids, 'int32');
  const perToken = tf.tensor1d(weights);
  if (hasEmbeddingBagKernel()) return embedBag(embedding as tf.Tensor2D, ids, perToken, batch.rows);
  const dim = embedding.shape[1] as number;
  const tokens = tf.reshape(tf.gather(embedding, ids), [batch.rows, batch.length, dim]);
  return tf.sum(tf.mul(tokens, tf.reshape(perToken, [batch.rows, batch.length, 1])), 1) as tf.Tensor2D;
}

/** Rewards [rows] of a padded batch. */
export function scoreBag(params: ModelParams, batch: SequenceBatch): tf.Tensor1D {
  const pooled = embedWeightedSum(getParam(params, 'embedding'), batch, getMeanWeights(batch));
  const hidden = tf.relu(tf.add(tf.matMul(pooled, getParam(params, 'dense1/kernel')), getParam(params, 'dense1/bias')));
  const reward = tf.add(tf.matMul(hidden, getParam(params, 'head/kernel')), getParam(params, 'head/bias'));
  return tf.reshape(reward, [batch.rows]);
}
