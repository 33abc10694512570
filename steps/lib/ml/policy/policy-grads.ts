import * as tf from '@tensorflow/tfjs-core';
import { paramNames, type ParamName, type PolicyParams } from './policy-params.js';

/**
 * Loss value and its gradient with respect to the policy parameters in `names` (the others get zero
 * gradients: tf.grads refuses parameters the loss does not use, e.g. the value head during SFT).
 * `loss` may keep side outputs (statistics) with tf.keep; the caller disposes them and the gradients.
 */
export function computeParamGrads(
  params: PolicyParams,
  loss: (p: PolicyParams) => tf.Scalar,
  names: readonly ParamName[] = paramNames,
): { value: number; grads: Record<ParamName, tf.Tensor> } {
  const { value, grads } = tf.tidy(() => {
    const f = (...tensors: tf.Tensor[]) => {
      const trained = Object.fromEntries(names.map((n, i) => [n, tensors[i]]));
      return loss({ ...params, ...trained });
    };
    const out = tf.valueAndGrads(f)(names.map((n) => params[n]));
    return { value: out.value, grads: out.grads };
  });
  const byName = Object.fromEntries(names.map((n, i) => [n, grads[i]!])) as Partial<Record<ParamName, tf.Tensor>>;
  for (const n of paramNames) byName[n] ??= tf.keep(tf.zerosLike(params[n]));
  const result = { value: value.dataSync()[0]!, grads: byName as Record<ParamName, tf.Tensor> };
  value.dispose();
  return result;
}

export function disposeGrads(grads: Record<ParamName, tf.Tensor>): void {
  for (const n of paramNames) grads[n].dispose();
}
