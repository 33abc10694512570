import * as tf from '@tensorflow/tfjs-core';
import { computeAdamStep } from '../optim/adam-step.js';
import { paramNames, type ParamName, type PolicyParams } from './policy-params.js';

/**
 * Adam (Kingma & Ba; the update itself is optim/adam-step's, shared with the RM's AdamW) over the policy's parameter record. Its whole state is plain tensors plus a
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
      const next = computeAdamStep(params[n], g, state.m[n], state.v[n], { lr: learningRate, beta1, beta2, epsilon, weightDecay: 0, correction1, correction2 });
      return [tf.keep(next.m), tf.keep(next.v), tf.keep(next.param)];
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
