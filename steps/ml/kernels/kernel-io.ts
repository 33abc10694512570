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
 * A zero-filled output tensor plus a writable view of its values. On wasm the view points into the wasm
 * heap, so allocate the output BEFORE reading inputs (an allocation can grow the heap and detach views).
 */
export function allocateOutput(backend: KernelBackend, shape: number[], dtype: DataType): { info: TensorInfo; values: TypedArray } {
  if (backend.makeOutput && backend.typedArrayFromHeap) {
    const info = backend.makeOutput(shape, dtype);
    const values = backend.typedArrayFromHeap(info);
    values.fill(0);
    return { info, values };
  }
  if (backend.makeTensorInfo) {
    // The cpu backend keeps the array it is given, so writes after this call are visible.
    const values = makeTyped(dtype, sizeOf(shape));
    return { info: backend.makeTensorInfo(shape, dtype, values), values };
  }
  throw new Error('custom kernels run on the cpu and wasm backends only');
}

/** The values of an input tensor without copying where the backend allows it. */
export function readValues(backend: KernelBackend, info: TensorInfo): TypedArray {
  if (backend.typedArrayFromHeap) return backend.typedArrayFromHeap(info);
  const stored = backend.data?.get(info.dataId)?.values;
  if (stored instanceof Float32Array || stored instanceof Int32Array || stored instanceof Uint8Array) return stored;
  return backend.readSync(info.dataId) as TypedArray;
}

export { sizeOf };
