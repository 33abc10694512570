import type { KernelBackend } from './kernel-io.js';
import { getHeapModule, type HeapModule } from './wasm-heap-module.js';

// embedding-bag-simd.wat assembled with wabt 1.0.39: wabt().parseWat(name, text, {simd: true}).toBinary({}), base64.
const moduleBase64 = 'AGFzbQEAAAABFgJgB39/f39/f38AYAh/f39/f39/fwACDwEDZW52Bm1lbW9yeQIAAAMDAgABBxICA2JhZwAACGJhZ19ncmFkAAEK0wMC9gEDB38BfQF7IAZBAnQhCwJAA0AgByAETw0BIAMgByALbGohDEEAIQoCQANAIAogC08NASAMIApq/QwAAAAAAAAAAAAAAAAAAAAA/QsEACAKQRBqIQoMAAsLIAcgBWwhCCAIIAVqIQkCQANAIAggCU8NASACIAhBAnRqKgIAIQ4gDkMAAAAAXARAIA79EyEPIAAgASAIQQJ0aigCACALbGohDUEAIQoCQANAIAogC08NASAMIApqIAwgCmr9AAQAIA8gDSAKav0ABAD95gH95AH9CwQAIApBEGohCgwACwsLIAhBAWohCAwACwsgB0EBaiEHDAALCwvYAQMGfwF9AXsgB0ECdCEKIAQgCmwhCwJAA0AgCSALTw0BIAMgCWr9DAAAAAAAAAAAAAAAAAAAAAD9CwQAIAlBEGohCQwACwsCQANAIAggBU8NASACIAhBAnRqKgIAIQ4gDkMAAAAAXARAIA79EyEPIAMgASAIQQJ0aigCACAKbGohDCAAIAggBm4gCmxqIQ1BACEJAkADQCAJIApPDQEgDCAJaiAMIAlq/QAEACAPIA0gCWr9AAQA/eYB/eQB/QsEACAJQRBqIQkMAAsLCyAIQQFqIQgMAAsLCw==';

export interface EmbeddingBagSimd {
  /** out[r] = Σ_k weights[k] · table[ids[k]] over row r's len tokens (byte offsets; dim % 4 = 0). */
  bag(table: number, ids: number, weights: number, out: number, rows: number, len: number, dim: number): void;
  /** out = 0, then out[ids[k]] += weights[k] · dy[⌊k / len⌋] (byte offsets; dim % 4 = 0). */
  bag_grad(dy: number, ids: number, weights: number, out: number, vocab: number, n: number, len: number, dim: number): void;
  offsetOf: HeapModule['offsetOf'];
}

/** The SIMD embedding-bag loops on the wasm backend's heap; undefined elsewhere. */
export function getEmbeddingBagSimd(backend: KernelBackend): EmbeddingBagSimd | undefined {
  const heap = getHeapModule(backend, moduleBase64);
  if (!heap) return undefined;
  const { bag, bag_grad: bagGrad } = heap.exports as unknown as Omit<EmbeddingBagSimd, 'offsetOf'>;
  return { bag, bag_grad: bagGrad, offsetOf: heap.offsetOf };
}
