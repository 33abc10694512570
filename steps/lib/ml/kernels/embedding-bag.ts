import * as tf from '@tensorflow/tfjs-core';
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { getEmbeddingBagSimd } from './embedding-bag-simd.js';
import { allocateOutput, readValues, type KernelBackend } from './kernel-io.js';

export const embeddingBagKernel = 'SerEmbeddingBag';
export const embeddingBagGradKernel = 'SerEmbeddingBagGrad';

type Args = { inputs: Record<string, TensorInfo>; backend: unknown; attrs?: NamedAttrMap };

/**
 * out[r] = Σ_t weights[r·L + t] · table[ids[r·L + t]] — a weighted bag of embeddings in one pass, without
 * the [rows·L, dim] gather tensor, its mask product and their gradients (the bag RM's hot path).
 * On wasm it runs as wasm SIMD on the backend's heap (embedding-bag-simd.ts); elsewhere in JS.
 */
function computeEmbeddingBag(args: Args): TensorInfo {
  const backend = args.backend as KernelBackend;
  const { table, ids, weights } = args.inputs;
  const rows = Number(args.attrs?.rows);
  const dim = table.shape[1];
  const vocab = table.shape[0];
  const length = ids.shape[0] / rows;
  const out = allocateOutput(backend, [rows, dim], 'float32');
  const idv = readValues(backend, ids) as Int32Array;
  for (const id of idv) if (id < 0 || id >= vocab) throw new Error(`embedding bag: token id ${id} is not in [0, ${vocab - 1}]`);
  const simd = dim % 4 === 0 ? getEmbeddingBagSimd(backend) : undefined;
  if (simd) {
    const at = simd.offsetOf;
    simd.bag(at(table.dataId), at(ids.dataId), at(weights.dataId), at(out.dataId), rows, length, dim);
    return out;
  }
  const o = readValues(backend, out).fill(0) as Float32Array;
  const t = readValues(backend, table) as Float32Array;
  const w = readValues(backend, weights) as Float32Array;
  for (let r = 0; r < rows; r++) {
    const dst = r * dim;
    for (let k = r * length; k < (r + 1) * length; k++) {
      const weight = w[k];
      if (weight === 0) continue;
      const src = idv[k] * dim;
      for (let j = 0; j < dim; j++) o[dst + j] += weight * t[src + j];
    }
  }
  return out;
}

/** d table: row ids[k] accumulates weights[k] · dy[row of k]. */
function computeEmbeddingBagGrad(args: Args): TensorInfo {
  const backend = args.backend as KernelBackend;
  const { dy, ids, weights } = args.inputs;
  const vocab = Number(args.attrs?.vocab);
  const [rows, dim] = dy.shape;
  const length = ids.shape[0] / rows;
  const out = allocateOutput(backend, [vocab, dim], 'float32');
  const simd = dim % 4 === 0 ? getEmbeddingBagSimd(backend) : undefined;
  if (simd) {
    const at = simd.offsetOf;
    simd.bag_grad(at(dy.dataId), at(ids.dataId), at(weights.dataId), at(out.dataId), vocab, ids.shape[0], length, dim);
    return out;
  }
  const o = readValues(backend, out).fill(0) as Float32Array;
  const g = readValues(backend, dy) as Float32Array;
  const idv = readValues(backend, ids) as Int32Array;
  const w = readValues(backend, weights) as Float32Array;
  for (let k = 0; k < idv.length; k++) {
    const weight = w[k];
    if (weight === 0) continue;
    const src = Math.floor(k / length) * dim;
    const dst = idv[k] * dim;
    for (let j = 0; j < dim; j++) o[dst + j] += weight * g[src + j];
  }
  return out;
}

const registered = new Set<string>();

/** Registers the embedding-bag kernels on a cpu or wasm backend, and (once) their gradient. */
export function registerEmbeddingBagKernels(backendName: string): void {
  if (registered.size === 0) {
    // The table is not saved for the gradient (only its row count, as an attr): saving clones it, and
    // wasm's Identity kernel copies all of it on every forward pass.
    tf.registerGradient({
      kernelName: embeddingBagKernel,
      inputsToSave: ['ids', 'weights'],
      gradFunc: (dy, saved, attrs) => {
        const [ids, weights] = saved;
        return {
          table: () => tf.engine().runKernel(embeddingBagGradKernel, { dy: dy as tf.Tensor, ids, weights }, { vocab: Number(attrs.vocab) }) as tf.Tensor,
        };
      },
    });
  }
  if (registered.has(backendName)) return;
  registered.add(backendName);
  tf.registerKernel({ kernelName: embeddingBagKernel, backendName, kernelFunc: computeEmbeddingBag as unknown as KernelFunc });
  tf.registerKernel({ kernelName: embeddingBagGradKernel, backendName, kernelFunc: computeEmbeddingBagGrad as unknown as KernelFunc });
}

/** Whether the active backend has the fused kernel (cpu and wasm after initBackend; not tfjs-node). */
export function hasEmbeddingBagKernel(): boolean {
  return tf.getKernel(embeddingBagKernel, tf.getBackend()) !== undefined;
}

/** Weighted bag of embeddings: [rows, dim]. `ids` and `weights` are [rows·L]. */
export function embedBag(table: tf.Tensor2D, ids: tf.Tensor1D, weights: tf.Tensor1D, rows: number): tf.Tensor2D {
  return tf.engine().runKernel(embeddingBagKernel, { table, ids, weights }, { rows, vocab: table.shape[0] }) as tf.Tensor2D;
}
