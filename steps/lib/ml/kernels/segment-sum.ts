import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { allocateOutput, readValues, sizeOf, type KernelBackend } from './kernel-io.js';

/**
 * UnsortedSegmentSum in O(N·D): accumulate each row of `x` into row `segmentIds[i]` of a zeroed output.
 * tf.gather's gradient calls it; stock tfjs 4.22 lacks it on wasm and runs O(vocab·N·D) on cpu.
 * Ids outside [0, numSegments) are dropped, as in TensorFlow.
 */
export function computeSegmentSum(args: { inputs: Record<string, TensorInfo>; backend: unknown; attrs?: NamedAttrMap }): TensorInfo {
  const backend = args.backend as KernelBackend;
  const { x, segmentIds } = args.inputs;
  const numSegments = Number(args.attrs?.numSegments);
  if (segmentIds.shape.length !== 1 || segmentIds.shape[0] !== x.shape[0]) {
    throw new Error(`UnsortedSegmentSum: segmentIds must be 1-D with one id per row of x (x ${JSON.stringify(x.shape)}, ids ${JSON.stringify(segmentIds.shape)})`);
  }
  const rowShape = x.shape.slice(1);
  const row = sizeOf(rowShape);
  const out = allocateOutput(backend, [numSegments, ...rowShape], x.dtype);
  const values = readValues(backend, out).fill(0) as Float32Array;
  const xs = readValues(backend, x) as Float32Array;
  const ids = readValues(backend, segmentIds) as Int32Array;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (id < 0 || id >= numSegments) continue;
    const src = i * row;
    const dst = id * row;
    for (let j = 0; j < row; j++) values[dst + j] += xs[src + j];
  }
  return out;
}

export const segmentSumKernel = computeSegmentSum as unknown as KernelFunc;
