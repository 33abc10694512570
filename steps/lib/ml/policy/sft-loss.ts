import * as tf from '@tensorflow/tfjs-core';
import type { PolicyConfig } from './policy-config.js';
import { computeHidden, computeTokenLogProbs, getTargetPositions, type TargetPositions } from './policy-forward.js';
import type { PolicyParams } from './policy-params.js';

/**
 * The positions SFT trains on: every response token and EOS, except banned ids (e.g. [UNK] for words
 * outside the shared vocabulary), which the policy can never emit and so is not asked to predict.
 */
export function getSftTargets(config: PolicyConfig, rows: readonly (readonly number[])[], starts: readonly number[]): TargetPositions {
  const { positions, targets } = getTargetPositions(rows, starts);
  const banned = new Set(config.bannedIds);
  const keep = Array.from(targets, (t, i) => (banned.has(t) ? -1 : i)).filter((i) => i >= 0);
  return { positions: Int32Array.from(keep, (i) => positions[i]!), targets: Int32Array.from(keep, (i) => targets[i]!) };
}

/** Mean negative log-likelihood of the response tokens (and EOS) given the prompt: the SFT objective. */
export function computeSftLoss(params: PolicyParams, config: PolicyConfig, rows: readonly (readonly number[])[], starts: readonly number[]): tf.Scalar {
  const hidden = computeHidden(params, config, rows);
  const { logp } = computeTokenLogProbs(params, config, hidden, getSftTargets(config, rows, starts));
  return tf.neg(tf.mean(logp)) as tf.Scalar;
}
