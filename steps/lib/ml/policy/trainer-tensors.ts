import type * as tf from '@tensorflow/tfjs-core';
import type { AdamState } from './adam.js';
import { paramNames, type ParamName, type PolicyParams } from './policy-params.js';

/** Params and Adam moments under `params.*`, `adam.m.*`, `adam.v.*`: what a trainer checkpoint stores. */
export function packTrainerTensors(params: PolicyParams, adam: AdamState): Record<string, tf.Tensor> {
  const tensors: Record<string, tf.Tensor> = {};
  for (const n of paramNames) {
    tensors[`params.${n}`] = params[n];
    tensors[`adam.m.${n}`] = adam.m[n];
    tensors[`adam.v.${n}`] = adam.v[n];
  }
  return tensors;
}

/** The inverse of packTrainerTensors; `where` (file and folder) names what to delete when a tensor is missing. */
export function unpackTrainerTensors(
  tensors: Record<string, tf.Tensor>,
  adamStep: number,
  { file, dir }: { file: string; dir: string },
): { params: PolicyParams; adam: AdamState } {
  const pick = (prefix: string) => {
    const out = {} as Record<ParamName, tf.Tensor>;
    for (const n of paramNames) {
      const t = tensors[`${prefix}${n}`];
      if (!t) throw new Error(`${file}: tensor '${prefix}${n}' is missing; delete ${dir} to train from scratch`);
      out[n] = t;
    }
    return out;
  };
  return { params: pick('params.') as unknown as PolicyParams, adam: { step: adamStep, m: pick('adam.m.'), v: pick('adam.v.') } };
}
