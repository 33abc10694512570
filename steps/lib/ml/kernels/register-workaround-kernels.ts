import * as tf from '@tensorflow/tfjs-core';
import { registerAdamWKernel } from './adamw-update.js';
import { registerEmbeddingBagKernels } from './embedding-bag.js';
import { makeGatherRowsKernel } from './gather-rows.js';
import { makeMatMulNoTransposeKernel } from './matmul-no-transpose.js';
import { makeMatMulPerBatchKernel } from './matmul-per-batch.js';
import { segmentSumKernel } from './segment-sum.js';

const patched = new Set<string>();

/** Replaces a kernel of one backend, returning the stock function (undefined when there was none). */
function replaceKernel(kernelName: string, backendName: string, make: (stock: tf.KernelFunc | undefined) => tf.KernelFunc): void {
  const stock = tf.getKernel(kernelName, backendName);
  if (stock) tf.unregisterKernel(kernelName, backendName);
  tf.registerKernel({ kernelName, backendName, kernelFunc: make(stock?.kernelFunc) });
}

/**
 * Installs the measured TF.js 4.22 workarounds (docs: /work/shared/docs/tfjs-notes.md) on the cpu and
 * wasm backends: O(N·D) UnsortedSegmentSum (embedding gradient), row-copy GatherV2, and on wasm an
 * explicit transpose before BatchMatMul plus one 2-D multiply per batch entry. Also adds the fused
 * kernels (embedding bag, AdamW) used where present. Call after the backend is initialised (stock
 * kernels' setup functions have run by then). Native backends are left alone.
 */
export function registerWorkaroundKernels(backendName: string): void {
  if (patched.has(backendName) || (backendName !== 'cpu' && backendName !== 'wasm')) return;
  patched.add(backendName);
  replaceKernel('UnsortedSegmentSum', backendName, () => segmentSumKernel);
  replaceKernel('GatherV2', backendName, (stock) => makeGatherRowsKernel(stock));
  registerEmbeddingBagKernels(backendName);
  registerAdamWKernel(backendName);
  if (backendName === 'wasm') {
    const transpose = tf.getKernel('Transpose', backendName)?.kernelFunc;
    replaceKernel('BatchMatMul', backendName, (stock) => {
      if (!stock || !transpose) throw new Error('wasm backend lacks BatchMatMul or Transpose kernels');
      return makeMatMulNoTransposeKernel(makeMatMulPerBatchKernel(stock), transpose);
    });
  }
}
