import * as tf from '@tensorflow/tfjs-core';
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { getAdamWSimd } from './adamw-simd.js';
import { allocateOutput, readValues, type KernelBackend } from './kernel-io.js';

export const adamWKernel = 'SerAdamW';

type Args = { inputs: Record<string, TensorInfo>; backend: unknown; attrs?: NamedAttrMap };

/**
 * One AdamW update in a single pass → the new parameter. Op by op it is ~10 passes and allocations
 * over the 1 M-float embedding. The moments `m` and `v` are updated IN PLACE: they are optimizer
 * variables no kernel caches. The parameter is not: wasm's XNNPACK matmul caches packed weights per
 * tensor, assuming tensors never change, so a mutated weight would be served stale. On wasm the loop
 * runs as wasm SIMD on the backend's heap (adamw-simd.ts); elsewhere in JS.
 */
function computeAdamW(args: Args): TensorInfo {
  const backend = args.backend as KernelBackend;
  const { param, grad, m, v } = args.inputs;
  const a = args.attrs ?? {};
  const [lr, beta1, beta2, epsilon, weightDecay, correction1, correction2] = ['lr', 'beta1', 'beta2', 'epsilon', 'weightDecay', 'correction1', 'correction2'].map((k) => Number(a[k]));
  const out = allocateOutput(backend, param.shape, 'float32');
  const decay = 1 - lr * weightDecay;
  const step = lr / correction1;
  const scaleV = 1 / correction2;
  const keep1 = 1 - beta1;
  const keep2 = 1 - beta2;
  const simd = getAdamWSimd(backend);
  if (simd) {
    const [po, go, mo, vo, oo] = [param, grad, m, v, out].map((t) => simd.offsetOf(t.dataId));
    simd.run(po, go, mo, vo, oo, param.shape.reduce((a, b) => a * b, 1), beta1, beta2, keep1, keep2, decay, step, scaleV, epsilon);
    return out;
  }
  const np = readValues(backend, out) as Float32Array;
  const p = readValues(backend, param) as Float32Array;
  const g = readValues(backend, grad) as Float32Array;
  const mv = readValues(backend, m) as Float32Array;
  const vv = readValues(backend, v) as Float32Array;
  for (let i = 0; i < p.length; i++) {
    const gi = g[i];
    const mi = beta1 * mv[i] + keep1 * gi;
    const vi = beta2 * vv[i] + keep2 * gi * gi;
    mv[i] = mi;
    vv[i] = vi;
    np[i] = p[i] * decay - (step * mi) / (Math.sqrt(vi * scaleV) + epsilon);
  }
  return out;
}

const registered = new Set<string>();

export function registerAdamWKernel(backendName: string): void {
  if (registered.has(backendName)) return;
  registered.add(backendName);
  tf.registerKernel({ kernelName: adamWKernel, backendName, kernelFunc: computeAdamW as unknown as KernelFunc });
}

export function hasAdamWKernel(): boolean {
  return tf.getKernel(adamWKernel, tf.getBackend()) !== undefined;
}
