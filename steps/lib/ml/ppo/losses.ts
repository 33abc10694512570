import * as tf from '@tensorflow/tfjs-core';

/**
 * PPO's clipped losses over one minibatch of response tokens, as legacy TRL's `PPOTrainer.loss`:
 *   L_V  = 0.5·mean(max((V − R)², (clip(V, V_old ± cv) − R)²))
 *   L_pi = mean(max(−A·ρ, −A·clip(ρ, 1 ± c))),  ρ = exp(logp − logp_old)
 *   L    = L_pi + vf_coef·L_V
 * `logp` and `values` carry gradients; the rest are rollout-time constants (1-D, one entry per token).
 */
export interface PpoLossInputs {
  logp: tf.Tensor1D;
  values: tf.Tensor1D;
  oldLogp: tf.Tensor1D;
  oldValues: tf.Tensor1D;
  advantages: tf.Tensor1D;
  returns: tf.Tensor1D;
  cliprange?: number;
  cliprangeValue?: number;
  vfCoef?: number;
}

export interface PpoLoss {
  loss: tf.Scalar;
  policyLoss: tf.Scalar;
  valueLoss: tf.Scalar;
  /** Statistics (no gradient): fraction of tokens where the clipped term won, 0.5·mean((Δlogp)²), mean ρ. */
  clipfrac: tf.Scalar;
  valueClipfrac: tf.Scalar;
  approxKl: tf.Scalar;
  ratioMean: tf.Scalar;
}

export function computePpoLoss({
  logp,
  values,
  oldLogp,
  oldValues,
  advantages,
  returns,
  cliprange = 0.2,
  cliprangeValue = 0.2,
  vfCoef = 0.1,
}: PpoLossInputs): PpoLoss {
  const valuesClipped = tf.add(tf.clipByValue(tf.sub(values, oldValues), -cliprangeValue, cliprangeValue), oldValues);
  const vfLosses1 = tf.square(tf.sub(values, returns));
  const vfLosses2 = tf.square(tf.sub(valuesClipped, returns));
  const valueLoss = tf.mul(0.5, tf.mean(tf.maximum(vfLosses1, vfLosses2))) as tf.Scalar;

  const logRatio = tf.sub(logp, oldLogp);
  const ratio = tf.exp(logRatio);
  const pgLosses1 = tf.mul(tf.neg(advantages), ratio);
  const pgLosses2 = tf.mul(tf.neg(advantages), tf.clipByValue(ratio, 1 - cliprange, 1 + cliprange));
  const policyLoss = tf.mean(tf.maximum(pgLosses1, pgLosses2)) as tf.Scalar;

  return {
    loss: tf.add(policyLoss, tf.mul(valueLoss, vfCoef)) as tf.Scalar,
    policyLoss,
    valueLoss,
    clipfrac: tf.mean(tf.cast(tf.greater(pgLosses2, pgLosses1), 'float32')) as tf.Scalar,
    valueClipfrac: tf.mean(tf.cast(tf.greater(vfLosses2, vfLosses1), 'float32')) as tf.Scalar,
    approxKl: tf.mul(0.5, tf.mean(tf.square(logRatio))) as tf.Scalar,
    ratioMean: tf.mean(ratio) as tf.Scalar,
  };
}
