import type { DataType, TensorInfo } from '@tensorflow/tfjs-core';

type TypedArray = Float32Array | Int32Array | Uint8Array;

/** The parts of the cpu and wasm backend classes our kernels use (neither exports a stable type). */
export interface KernelBackend {
  makeOutput?(shape: number[], dtype: DataType): TensorInfo;
  typedArrayFromHeap?(info: TensorInfo): TypedArray;
  makeTensorInfo?(shape: number[], dtype: DataType, values: TypedArray): TensorInfo;
  data?: { get(dataId: object): { values?: unknown } };
  readSync(dataId: object): unknown;
  disposeData(dataId: object): boolean;
}

function sizeOf(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function makeTyped(dtype: DataType, size: number): TypedArray {
  if (dtype === 'float32') return new Float32Array(size);
  if (dtype === 'int32') return new Int32Array(size);
  if (dtype === 'bool') return new Uint8Array(size);
  throw new Error(`custom kernels support float32, int32 and bool tensors, got ${dtype}`);
}

/**
 * A new output tensor. Get its values with `readValues` only after allocating every output of a kernel:
 * on wasm an allocation can grow the heap, which detaches earlier views. Contents start undefined on
 * wasm; callers that accumulate must zero them.
 */
export function allocateOutput(backend: KernelBackend, shape: number[], dtype: DataType): TensorInfo {
  if (backend.makeOutput && backend.typedArrayFromHeap) return backend.makeOutput(shape, dtype);
  // The cpu backend keeps the array it is given, so writes through readValues are visible.
  if (backend.makeTensorInfo) return backend.makeTensorInfo(shape, dtype, makeTyped(dtype, sizeOf(shape)));
  throw new Error('custom kernels run on the cpu and wasm backends only');
}

/** The values of a tensor, without copying where the backend allows it (writable for kernel outputs). */
export function readValues(backend: KernelBackend, info: TensorInfo): TypedArray {
  if (backend.typedArrayFromHeap) return backend.typedArrayFromHeap(info);
  const stored = backend.data?.get(info.dataId)?.values;
  if (stored instanceof Float32Array || stored instanceof Int32Array || stored instanceof Uint8Array) return stored;
  return backend.readSync(info.dataId) as TypedArray;
}

export { sizeOf };
