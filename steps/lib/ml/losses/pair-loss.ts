import * as tf from '@tensorflow/tfjs-core';

export type PairLossName = 'bt' | 'hinge';

export interface PairLossOptions {
  loss: PairLossName;
  /** bt: −log σ(r_c − r_r − margin); hinge: max(0, margin − (r_c − r_r)) (SER Eq. 5). */
  margin: number;
  /** Reward centering (Eisenstein et al. 2023): + coef · mean((r_c + r_r)²). 0 = off. */
  centerCoef: number;
}

/**
 * −log σ(d) as softplus(−d): tf.logSigmoid's gradient crashes on intermediate tensors in tfjs 4.22
 * (tfjs-notes pitfall 1).
 */
export function computeBradleyTerry(diff: tf.Tensor1D): tf.Tensor1D {
  return tf.softplus(tf.neg(diff));
}

export function computeHinge(diff: tf.Tensor1D, margin: number): tf.Tensor1D {
  return tf.relu(tf.sub(margin, diff)) as tf.Tensor1D;
}

export function computeCentering(chosen: tf.Tensor1D, rejected: tf.Tensor1D): tf.Scalar {
  return tf.mean(tf.square(tf.add(chosen, rejected)));
}

/**
 * Mean over the batch of weight · pair loss (weights default 1), plus the centering term.
 * `weights` lets a retrain down-weight pseudo-labels.
 */
export function computePairLoss(options: { chosen: tf.Tensor1D; rejected: tf.Tensor1D; weights?: tf.Tensor1D } & PairLossOptions): tf.Scalar {
  const { chosen, rejected, weights, loss, margin, centerCoef } = options;
  const diff = tf.sub(chosen, rejected);
  const perPair = loss === 'bt' ? computeBradleyTerry(tf.sub(diff, margin) as tf.Tensor1D) : computeHinge(diff as tf.Tensor1D, margin);
  const weighted = weights ? tf.mul(perPair, weights) : perPair;
  let total: tf.Scalar = tf.mean(weighted);
  if (centerCoef > 0) total = tf.add(total, tf.mul(computeCentering(chosen, rejected), centerCoef));
  return total;
}
