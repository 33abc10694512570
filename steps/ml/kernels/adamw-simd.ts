import type { KernelBackend } from './kernel-io.js';

// adamw-simd.wat assembled with wabt 1.0.39 (parseWat with simd, toBinary). To rebuild after editing the
// .wat: npm i wabt; wabt().parseWat(name, text, {simd: true}).toBinary({}).buffer → base64.
const moduleBase64 = 'AGFzbQEAAAABEgFgDn9/f39/f319fX19fX19AAIPAQNlbnYGbWVtb3J5AgAAAwIBAAcJAQVhZGFtdwAACvMCAfACAwN/C3sDfSAG/RMhESAH/RMhEiAI/RMhEyAJ/RMhFCAK/RMhFSAL/RMhFiAM/RMhFyAN/RMhGCAFQXxxIQ8CQANAIA4gD08NASAOQQJ0IRAgASAQav0ABAAhGSARIAIgEGr9AAQA/eYBIBMgGf3mAf3kASEaIBIgAyAQav0ABAD95gEgFCAZIBn95gH95gH95AEhGyACIBBqIBr9CwQAIAMgEGogG/0LBAAgBCAQaiAAIBBq/QAEACAV/eYBIBYgGv3mASAbIBf95gH94wEgGP3kAf3nAf3lAf0LBAAgDkEEaiEODAALCwJAA0AgDiAFTw0BIA5BAnQhECABIBBqKgIAIRwgBiACIBBqKgIAlCAIIByUkiEdIAcgAyAQaioCAJQgCSAcIByUlJIhHiACIBBqIB04AgAgAyAQaiAeOAIAIAQgEGogACAQaioCACAKlCALIB2UIB4gDJSRIA2SlZM4AgAgDkEBaiEODAALCws=';

type AdamWSimd = (
  p: number, g: number, m: number, v: number, out: number, n: number,
  beta1: number, beta2: number, keep1: number, keep2: number, decay: number, step: number, scaleV: number, epsilon: number,
) => void;

// The project compiles without DOM typings, which is where TypeScript declares WebAssembly.
type WasmMemory = { buffer: ArrayBuffer };
const wasmApi = (globalThis as unknown as {
  WebAssembly: {
    Module: new (bytes: Uint8Array) => object;
    Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  };
}).WebAssembly;

interface WasmBackendInternals {
  wasm?: { asm?: { memory?: WasmMemory } };
  dataIdMap?: { get(dataId: object): { memoryOffset: number } };
}

const instances = new WeakMap<WasmMemory, AdamWSimd>();

/**
 * The SIMD AdamW loop instantiated on the wasm backend's own memory, so it works on tensors in place by
 * heap offset (no copies); undefined on other backends or without wasm SIMD.
 */
export function getAdamWSimd(backend: KernelBackend): { run: AdamWSimd; offsetOf(dataId: object): number } | undefined {
  const internals = backend as unknown as WasmBackendInternals;
  const memory = internals.wasm?.asm?.memory;
  const dataIdMap = internals.dataIdMap;
  if (!memory || !dataIdMap) return undefined;
  let run = instances.get(memory);
  if (!run) {
    try {
      const module = new wasmApi.Module(Buffer.from(moduleBase64, 'base64'));
      run = new wasmApi.Instance(module, { env: { memory } }).exports.adamw as AdamWSimd;
    } catch {
      return undefined;
    }
    instances.set(memory, run);
  }
  return { run, offsetOf: (dataId) => dataIdMap.get(dataId).memoryOffset };
}
