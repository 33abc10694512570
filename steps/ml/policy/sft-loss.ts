import * as tf from '@tensorflow/tfjs-core';
import type { PolicyConfig } from './policy-config.js';
import { computeHidden, computeTokenLogProbs, getTargetPositions } from './policy-forward.js';
import type { PolicyParams } from './policy-params.js';

/** Mean negative log-likelihood of the response tokens (and EOS) given the prompt: the SFT objective. */
export function computeSftLoss(params: PolicyParams, config: PolicyConfig, rows: readonly (readonly number[])[], starts: readonly number[]): tf.Scalar {
  const hidden = computeHidden(params, config, rows);
  const { logp } = computeTokenLogProbs(params, config, hidden, getTargetPositions(rows, starts));
  return tf.neg(tf.mean(logp)) as tf.Scalar;
}
