import * as tf from '@tensorflow/tfjs-core';
import { paramNames, type ParamName, type PolicyParams } from './policy-params.js';

/**
 * Adam (Kingma & Ba) over the policy's parameter record. Its whole state is plain tensors plus a
 * step count, so a checkpoint can save and restore it exactly.
 */
export interface AdamState {
  step: number;
  m: Record<ParamName, tf.Tensor>;
  v: Record<ParamName, tf.Tensor>;
}

export interface AdamOptions {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** Clip the global gradient norm to this value (0: no clipping). */
  maxGradNorm?: number;
}

export function makeAdamState(params: PolicyParams): AdamState {
  const zeros = () => Object.fromEntries(paramNames.map((n) => [n, tf.keep(tf.zerosLike(params[n]))])) as Record<ParamName, tf.Tensor>;
  return { step: 0, m: zeros(), v: zeros() };
}

/** Applies one update in place (old tensors are disposed), returning the global gradient norm before clipping. */
export function applyAdam(params: PolicyParams, grads: Record<ParamName, tf.Tensor>, state: AdamState, options: AdamOptions): number {
  const { learningRate, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8, maxGradNorm = 0 } = options;
  state.step += 1;
  const norm = tf.tidy(() => Math.sqrt(paramNames.reduce((sum, n) => sum + (tf.sum(tf.square(grads[n])).dataSync()[0] ?? 0), 0)));
  const scale = maxGradNorm > 0 && norm > maxGradNorm ? maxGradNorm / norm : 1;
  const correction1 = 1 - beta1 ** state.step;
  const correction2 = 1 - beta2 ** state.step;
  for (const n of paramNames) {
    const [m, v, p] = tf.tidy(() => {
      const g = scale === 1 ? grads[n] : tf.mul(grads[n], scale);
      const m = tf.add(tf.mul(state.m[n], beta1), tf.mul(g, 1 - beta1));
      const v = tf.add(tf.mul(state.v[n], beta2), tf.mul(tf.square(g), 1 - beta2));
      const step = tf.div(tf.div(m, correction1), tf.add(tf.sqrt(tf.div(v, correction2)), epsilon));
      return [tf.keep(m), tf.keep(v), tf.keep(tf.sub(params[n], tf.mul(step, learningRate)))];
    });
    state.m[n].dispose();
    state.v[n].dispose();
    params[n].dispose();
    state.m[n] = m!;
    state.v[n] = v!;
    (params as unknown as Record<ParamName, tf.Tensor>)[n] = p!;
  }
  return norm;
}

export function disposeAdamState(state: AdamState): void {
  for (const n of paramNames) {
    state.m[n].dispose();
    state.v[n].dispose();
  }
}
