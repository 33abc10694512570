import * as tf from '@tensorflow/tfjs-core';
import { adamWKernel, hasAdamWKernel } from '../kernels/adamw-update.js';
import { computeAdamStep } from './adam-step.js';

/** Adam moments per parameter name, plus the step count (for bias correction). */
export interface AdamWState {
  step: number;
  m: Map<string, tf.Variable>;
  v: Map<string, tf.Variable>;
}

export interface AdamWOptions {
  lr: number;
  weightDecay: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** Use the one-pass fused kernel where the backend has it (default); false forces the op-by-op update. */
  fused?: boolean;
}

export function createAdamWState(params: Map<string, tf.Variable>): AdamWState {
  const zeros = (p: tf.Variable) => tf.tidy(() => tf.variable(tf.zerosLike(p), false));
  return {
    step: 0,
    m: new Map([...params].map(([name, p]) => [name, zeros(p)])),
    v: new Map([...params].map(([name, p]) => [name, zeros(p)])),
  };
}

export function disposeAdamWState(state: AdamWState): void {
  for (const t of [...state.m.values(), ...state.v.values()]) t.dispose();
}

/**
 * One AdamW update: Adam on the gradient, with weight decay applied to the weights directly
 * (decoupled, Loshchilov & Hutter) rather than added to the gradient. tfjs ships no AdamW.
 */
export function applyAdamW(options: { params: Map<string, tf.Variable>; grads: Record<string, tf.Tensor>; state: AdamWState } & AdamWOptions): void {
  const { params, grads, state, lr, weightDecay, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8, fused = true } = options;
  state.step += 1;
  const correction1 = 1 - beta1 ** state.step;
  const correction2 = 1 - beta2 ** state.step;
  const useKernel = fused && hasAdamWKernel();
  tf.tidy(() => {
    for (const [name, param] of params) {
      const grad = grads[param.name];
      if (!grad) continue;
      const m = state.m.get(name)!;
      const v = state.v.get(name)!;
      if (useKernel) {
        const attrs = { lr, beta1, beta2, epsilon, weightDecay, correction1, correction2 };
        param.assign(tf.engine().runKernel(adamWKernel, { param, grad, m, v }, attrs) as tf.Tensor);
        continue;
      }
      const next = computeAdamStep(param, grad, m, v, { lr, beta1, beta2, epsilon, weightDecay, correction1, correction2 });
      m.assign(next.m);
      v.assign(next.v);
      param.assign(next.param);
    }
  });
}
