import * as tf from '@tensorflow/tfjs-core';
import { getLogitMask, getSpecialIds, type PolicyConfig } from './policy-config.js';
import { gatherRows } from './gather-rows.js';
import type { PolicyParams } from './policy-params.js';

/**
 * Hidden state at every position of a right-padded batch of sequences [B, T] (each row starts with BOS).
 * Position t sees tokens t−context+1…t (BOS before the start) and the mean embedding of tokens 0…t.
 * Right padding never leaks backwards: the model is causal.
 */
export function computeHidden(params: PolicyParams, config: PolicyConfig, rows: readonly (readonly number[])[]): tf.Tensor2D {
  const { bos } = getSpecialIds(config);
  const B = rows.length;
  const T = Math.max(...rows.map((r) => r.length));
  const k = config.context;
  const E = config.embedDim;
  const ids = new Int32Array(B * T);
  const windowIds = new Int32Array(B * T * k);
  const averaging = new Float32Array(T * T);
  for (let t = 0; t < T; t++) for (let s = 0; s <= t; s++) averaging[t * T + s] = 1 / (t + 1);
  for (let b = 0; b < B; b++) {
    const row = rows[b]!;
    for (let t = 0; t < T; t++) {
      const p = b * T + t;
      ids[p] = t < row.length ? row[t]! : bos;
      for (let j = 0; j < k; j++) windowIds[p * k + j] = t - j >= 0 && t - j < row.length ? row[t - j]! : bos;
    }
  }
  const windows = tf.reshape(gatherRows(params.embedding, windowIds), [B * T, k * E]);
  const tokens = tf.reshape(gatherRows(params.embedding, ids), [B, T, E]);
  // Running mean as a [T, T] lower-triangular averaging matrix times [T, B·E]: tf.cumsum's gradient
  // along a non-last axis has a shape bug in 4.22.
  const timeMajor = tf.reshape(tf.transpose(tokens, [1, 0, 2]), [T, B * E]);
  const mixed = tf.matMul(tf.tensor2d(averaging, [T, T]), timeMajor);
  const runningMean = tf.reshape(tf.transpose(tf.reshape(mixed, [T, B, E]), [1, 0, 2]), [B * T, E]);
  const features = tf.concat([windows, runningMean], 1);
  return tf.relu(tf.add(tf.matMul(features, params.w1), params.b1)) as tf.Tensor2D;
}

/** Next-token logits, with the config's banned ids masked out (see getLogitMask). */
export function computeLogits(params: PolicyParams, config: PolicyConfig, hidden: tf.Tensor2D): tf.Tensor2D {
  return tf.add(tf.add(tf.matMul(hidden, params.wOut), params.bOut), tf.tensor1d(getLogitMask(config))) as tf.Tensor2D;
}

export function computeValues(params: PolicyParams, hidden: tf.Tensor2D): tf.Tensor1D {
  return tf.reshape(tf.add(tf.matMul(hidden, params.wValue), params.bValue), [-1]) as tf.Tensor1D;
}

/** Row-major flat indices (b·T + t) of the positions that predict each row's targets. */
export interface TargetPositions {
  /** Flat position index into [B·T] of the hidden state that predicts the target. */
  positions: Int32Array;
  /** The target token id at each position. */
  targets: Int32Array;
}

/**
 * For each row, the positions that predict tokens start…end−1 of that row (position t predicts t+1).
 * `starts[b]` is the index of the row's first target token (e.g. the first response token).
 */
export function getTargetPositions(rows: readonly (readonly number[])[], starts: readonly number[]): TargetPositions {
  const T = Math.max(...rows.map((r) => r.length));
  const positions: number[] = [];
  const targets: number[] = [];
  rows.forEach((row, b) => {
    for (let t = starts[b]!; t < row.length; t++) {
      positions.push(b * T + t - 1);
      targets.push(row[t]!);
    }
  });
  return { positions: Int32Array.from(positions), targets: Int32Array.from(targets) };
}

/** Log-probability of each target token, and the value estimate, at the given positions. */
export function computeTokenLogProbs(
  params: PolicyParams,
  config: PolicyConfig,
  hidden: tf.Tensor2D,
  { positions, targets }: TargetPositions,
  temperature = 1,
): { logp: tf.Tensor1D; values: tf.Tensor1D } {
  const { vocab } = getSpecialIds(config);
  const picked = gatherRows(hidden, positions);
  let logits = computeLogits(params, config, picked);
  if (temperature !== 1) logits = tf.div(logits, temperature);
  const logProbs = tf.logSoftmax(logits);
  const onehot = tf.oneHot(tf.tensor1d(targets, 'int32'), vocab);
  const logp = tf.sum(tf.mul(logProbs, onehot), 1) as tf.Tensor1D;
  return { logp, values: computeValues(params, picked) };
}
