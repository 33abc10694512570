import type { KernelBackend } from './kernel-io.js';
import { getHeapModule, type HeapModule } from './wasm-heap-module.js';

// adamw-simd.wat assembled with wabt 1.0.39: wabt().parseWat(name, text, {simd: true}).toBinary({}), base64.
const moduleBase64 = 'AGFzbQEAAAABEgFgDn9/f39/f319fX19fX19AAIPAQNlbnYGbWVtb3J5AgAAAwIBAAcJAQVhZGFtdwAACvMCAfACAwN/C3sDfSAG/RMhESAH/RMhEiAI/RMhEyAJ/RMhFCAK/RMhFSAL/RMhFiAM/RMhFyAN/RMhGCAFQXxxIQ8CQANAIA4gD08NASAOQQJ0IRAgASAQav0ABAAhGSARIAIgEGr9AAQA/eYBIBMgGf3mAf3kASEaIBIgAyAQav0ABAD95gEgFCAZIBn95gH95gH95AEhGyACIBBqIBr9CwQAIAMgEGogG/0LBAAgBCAQaiAAIBBq/QAEACAV/eYBIBYgGv3mASAbIBf95gH94wEgGP3kAf3nAf3lAf0LBAAgDkEEaiEODAALCwJAA0AgDiAFTw0BIA5BAnQhECABIBBqKgIAIRwgBiACIBBqKgIAlCAIIByUkiEdIAcgAyAQaioCAJQgCSAcIByUlJIhHiACIBBqIB04AgAgAyAQaiAeOAIAIAQgEGogACAQaioCACAKlCALIB2UIB4gDJSRIA2SlZM4AgAgDkEBaiEODAALCws=';

type AdamWSimd = (
  p: number, g: number, m: number, v: number, out: number, n: number,
  beta1: number, beta2: number, keep1: number, keep2: number, decay: number, step: number, scaleV: number, epsilon: number,
) => void;

/** The SIMD AdamW loop on the wasm backend's heap; undefined elsewhere. */
export function getAdamWSimd(backend: KernelBackend): { run: AdamWSimd; offsetOf: HeapModule['offsetOf'] } | undefined {
  const heap = getHeapModule(backend, moduleBase64);
  return heap && { run: heap.exports.adamw as AdamWSimd, offsetOf: heap.offsetOf };
}
