import * as tf from '@tensorflow/tfjs-core';
import { embedWeightedSum } from './bag-rm.js';
import type { SequenceBatch } from './encode-texts.js';
import type { RewardModelConfig } from './model-config.js';
import { getParam, makeParam, type ModelParams } from './model-params.js';

/**
 * A linear bag-of-words reward model: r(text) = Σ over its tokens (and hashed bigrams) of one weight per
 * word, so pairwise BT on it is logistic regression on the answers' word-count difference (the issue's
 * baseline RM). Weights start at 0, so an unseen word adds nothing; a sum, not a mean, because a word's
 * evidence should not shrink with the length of the answer it appears in.
 */
export function initLinearParams(config: RewardModelConfig): ModelParams {
  const rows = config.vocabSize + config.bigramBuckets;
  const params: ModelParams = new Map();
  makeParam(params, 'embedding', [rows, 1], new Float32Array(rows));
  return params;
}

/** Rewards [rows] of a padded batch: the mask is the per-token weight, so padding adds nothing. */
export function scoreLinear(params: ModelParams, batch: SequenceBatch): tf.Tensor1D {
  return tf.reshape(embedWeightedSum(getParam(params, 'embedding'), batch, batch.mask), [batch.rows]);
}
