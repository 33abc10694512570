import type { DataType, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';

type MatMulArgs = { inputs: Record<string, TensorInfo>; backend: unknown; attrs?: NamedAttrMap };

/** The wasm backend internals used to point tensors at slices of existing buffers. */
interface WasmViews {
  makeOutput(shape: number[], dtype: DataType, memoryOffset?: number): TensorInfo;
  disposeData(dataId: object): boolean;
  dataIdMap: { get(dataId: object): { id: number; memoryOffset: number }; delete(dataId: object): void };
  wasm: { tfjs: { disposeData(id: number): void }; HEAPU8: Uint8Array };
}

const sizeOf = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/**
 * wasm batched matmul runs at ~1.2 GFLOP/s (attention); one 2-D multiply per batch entry is far faster.
 * Each entry multiplies views into the inputs' and output's buffers (tensors registered at an offset),
 * released afterwards without freeing the memory they point into. Untransposed, unbroadcast batches only
 * (matmul-no-transpose.ts runs first); anything else goes to the stock kernel.
 */
export function makeMatMulPerBatchKernel(stock: KernelFunc): KernelFunc {
  const matMul = (args: MatMulArgs): TensorInfo => {
    const { a, b } = args.inputs;
    const rank = a.shape.length;
    const batch = sizeOf(a.shape.slice(0, -2));
    const sameBatch = rank === b.shape.length && a.shape.slice(0, -2).every((d, i) => d === b.shape[i]);
    if (batch <= 1 || !sameBatch || args.attrs?.transposeA || args.attrs?.transposeB || a.dtype !== 'float32') {
      return stock(args as Parameters<KernelFunc>[0]) as TensorInfo;
    }
    const backend = args.backend as WasmViews;
    const [m, k] = a.shape.slice(-2);
    const n = b.shape[rank - 1];
    const out = backend.makeOutput([...a.shape.slice(0, -2), m, n], 'float32');
    const base = (t: TensorInfo) => backend.dataIdMap.get(t.dataId).memoryOffset;
    const [aBase, bBase, outBase] = [base(a), base(b), base(out)];
    const release = (view: TensorInfo) => {
      backend.wasm.tfjs.disposeData(backend.dataIdMap.get(view.dataId).id);
      backend.dataIdMap.delete(view.dataId);
    };
    for (let i = 0; i < batch; i++) {
      const aView = backend.makeOutput([m, k], 'float32', aBase + i * m * k * 4);
      const bView = backend.makeOutput([k, n], 'float32', bBase + i * k * n * 4);
      const product = stock({ inputs: { a: aView, b: bView }, backend, attrs: { transposeA: false, transposeB: false } } as unknown as Parameters<KernelFunc>[0]) as TensorInfo;
      // Copy into the output's slice (the stock kernel always allocates its own output). HEAPU8 is read
      // after the allocations because a heap growth replaces it.
      const from = base(product);
      backend.wasm.HEAPU8.copyWithin(outBase + i * m * n * 4, from, from + m * n * 4);
      backend.disposeData(product.dataId);
      release(aView);
      release(bView);
    }
    return out;
  };
  return matMul as unknown as KernelFunc;
}
