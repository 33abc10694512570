import type { KernelBackend } from './kernel-io.js';

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

export interface HeapModule {
  exports: Record<string, unknown>;
  /** Byte offset of a tensor's data in the wasm heap. */
  offsetOf(dataId: object): number;
}

const cache = new WeakMap<WasmMemory, Map<string, Record<string, unknown> | null>>();

/**
 * Instantiates a small wasm module (base64) that imports the tfjs wasm backend's own memory, so it works
 * on tensors by heap offset without copying. Undefined on other backends, or where it can't compile
 * (no wasm SIMD); callers then use their JS loop.
 */
export function getHeapModule(backend: KernelBackend, moduleBase64: string): HeapModule | undefined {
  const internals = backend as unknown as WasmBackendInternals;
  const memory = internals.wasm?.asm?.memory;
  const dataIdMap = internals.dataIdMap;
  if (!memory || !dataIdMap) return undefined;
  const modules = cache.get(memory) ?? new Map<string, Record<string, unknown> | null>();
  cache.set(memory, modules);
  if (!modules.has(moduleBase64)) {
    try {
      const module = new wasmApi.Module(Buffer.from(moduleBase64, 'base64'));
      modules.set(moduleBase64, new wasmApi.Instance(module, { env: { memory } }).exports);
    } catch {
      modules.set(moduleBase64, null);
    }
  }
  const exports = modules.get(moduleBase64);
  return exports ? { exports, offsetOf: (dataId) => dataIdMap.get(dataId).memoryOffset } : undefined;
}
