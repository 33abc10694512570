import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelBackend } from './kernel-io.js';

type MatMulArgs = { inputs: Record<string, TensorInfo>; backend: unknown; attrs?: NamedAttrMap };

/**
 * wasm BatchMatMul with transposeA/transposeB (every backward pass) is 10–25× slower than without:
 * materialise the transpose with the Transpose kernel, then multiply untransposed.
 */
export function makeMatMulNoTransposeKernel(stock: KernelFunc, transpose: KernelFunc): KernelFunc {
  const swapLastTwo = (info: TensorInfo, backend: unknown): TensorInfo => {
    const perm = info.shape.map((_, i) => i);
    const n = perm.length;
    [perm[n - 2], perm[n - 1]] = [perm[n - 1], perm[n - 2]];
    return transpose({ inputs: { x: info }, backend, attrs: { perm } } as unknown as Parameters<KernelFunc>[0]) as TensorInfo;
  };
  const matMul = (args: MatMulArgs): TensorInfo => {
    const { a, b } = args.inputs;
    const transposeA = Boolean(args.attrs?.transposeA);
    const transposeB = Boolean(args.attrs?.transposeB);
    if (!transposeA && !transposeB) return stock(args as Parameters<KernelFunc>[0]) as TensorInfo;
    const backend = args.backend as KernelBackend;
    const ta = transposeA ? swapLastTwo(a, backend) : a;
    const tb = transposeB ? swapLastTwo(b, backend) : b;
    const out = stock({
      inputs: { a: ta, b: tb },
      backend,
      attrs: { ...args.attrs, transposeA: false, transposeB: false },
    } as unknown as Parameters<KernelFunc>[0]) as TensorInfo;
    if (transposeA) backend.disposeData(ta.dataId);
    if (transposeB) backend.disposeData(tb.dataId);
    return out;
  };
  return matMul as unknown as KernelFunc;
}
