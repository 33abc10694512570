import * as tf from '@tensorflow/tfjs-core';

export interface AdamStepOptions {
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** Decoupled weight decay (AdamW, Loshchilov & Hutter): applied to the weights, not added to the gradient. */
  weightDecay: number;
  /** 1 − β₁ᵗ and 1 − β₂ᵗ for the step count t (bias correction). */
  correction1: number;
  correction2: number;
}

/**
 * One Adam(W) update of one parameter, op by op: the new parameter and moments (call inside tf.tidy).
 * The RM trainer assigns them to its Variables; the policy trainers replace their tensors.
 */
export function computeAdamStep(param: tf.Tensor, grad: tf.Tensor, m: tf.Tensor, v: tf.Tensor, options: AdamStepOptions): { param: tf.Tensor; m: tf.Tensor; v: tf.Tensor } {
  const { lr, beta1, beta2, epsilon, weightDecay, correction1, correction2 } = options;
  const nextM = tf.add(tf.mul(m, beta1), tf.mul(grad, 1 - beta1));
  const nextV = tf.add(tf.mul(v, beta2), tf.mul(tf.square(grad), 1 - beta2));
  const update = tf.div(tf.div(nextM, correction1), tf.add(tf.sqrt(tf.div(nextV, correction2)), epsilon));
  const decayed = weightDecay > 0 ? tf.mul(param, 1 - lr * weightDecay) : param;
  return { param: tf.sub(decayed, tf.mul(update, lr)), m: nextM, v: nextV };
}
