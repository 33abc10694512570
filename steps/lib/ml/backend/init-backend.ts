import * as tf from '@tensorflow/tfjs-core';
import { registerWorkaroundKernels } from '../kernels/register-workaround-kernels.js';

/** Backends in the order `auto` tries them. `node-gpu`/`node` are the optional tfjs-node packages. */
export const backendNames = ['node-gpu', 'node', 'wasm', 'cpu'] as const;
export type BackendName = (typeof backendNames)[number];
export type BackendRequest = BackendName | 'auto';

/** Names other implementations use for the same thing, so a workflow can pass one value to either. */
const aliases: Record<string, BackendName> = { tensorflow: 'node', 'cpu-tfjs': 'cpu', cuda: 'node-gpu', gpu: 'node-gpu' };

export interface BackendChoice {
  /** The backend in use (one of `backendNames`). */
  name: BackendName;
  /** Why this one: forced by the caller, or the first that loaded. */
  reason: string;
  /** Backends tried before it, each with why it did not load. */
  fallbacks: BackendFallback[];
}

export interface BackendFallback {
  name: BackendName;
  reason: string;
  /** Its optional package is not installed: the expected case where libtensorflow can't be downloaded. */
  missing: boolean;
}

/** tfjs-core's registry name for each of our backend names. */
const registryNames: Record<BackendName, string> = { 'node-gpu': 'tensorflow', node: 'tensorflow', wasm: 'wasm', cpu: 'cpu' };

// The tfjs-node packages are optional dependencies whose install fails where libtensorflow can't be
// downloaded, so they are imported by a computed name (tsc must not resolve them).
const loaders: Record<BackendName, () => Promise<unknown>> = {
  'node-gpu': () => import(String('@tensorflow/tfjs-node-gpu')),
  node: () => import(String('@tensorflow/tfjs-node')),
  wasm: () => import('@tensorflow/tfjs-backend-wasm'),
  cpu: () => import('@tensorflow/tfjs-backend-cpu'),
};

let current: BackendChoice | undefined;

/** Loads and activates one backend; throws with the reason when it can't. */
async function activateBackend(name: BackendName): Promise<void> {
  // tfjs-core's node bundle registers no gradient functions; the union package's bundle does.
  await import('@tensorflow/tfjs');
  await loaders[name]();
  const ok = await tf.setBackend(registryNames[name]);
  if (!ok) throw new Error(`tf.setBackend('${registryNames[name]}') returned false`);
  await tf.ready();
  registerWorkaroundKernels(registryNames[name]);
}

const packages: Partial<Record<BackendName, string>> = { 'node-gpu': '@tensorflow/tfjs-node-gpu', node: '@tensorflow/tfjs-node' };

function isMissingPackage(name: BackendName, error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && packages[name] !== undefined;
}

function describeError(name: BackendName, error: unknown): string {
  if (isMissingPackage(name, error)) {
    return `${packages[name]} is not installed (an optional dependency whose install must download libtensorflow)`;
  }
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0].slice(0, 300);
}

/**
 * Picks the TF.js backend (once per process in the plugins). `auto` tries node-gpu, node, wasm, cpu in order and reports
 * every fallback (never silent); a named backend is forced and throws if it can't load.
 * `onFallback` is called for each backend skipped, so callers can log it.
 */
export async function initBackend(
  request: string = 'auto',
  onFallback: (fallback: BackendFallback) => void = () => {},
): Promise<BackendChoice> {
  const requested = (aliases[request] ?? request) as BackendRequest;
  // A process normally picks once; a later different request (tests, a bench comparing backends) switches.
  if (current && (requested === 'auto' || requested === current.name)) {
    if (tf.getBackend() !== registryNames[current.name]) await tf.setBackend(registryNames[current.name]);
    return current;
  }
  if (requested !== 'auto') {
    if (!(backendNames as readonly string[]).includes(requested)) {
      throw new Error(`unknown backend '${requested}': expected one of auto, ${backendNames.join(', ')}`);
    }
    try {
      await activateBackend(requested);
    } catch (error) {
      throw new Error(`backend '${requested}' was requested but could not load: ${describeError(requested, error)}; use backend 'auto' (or 'wasm') instead`, { cause: error });
    }
    current = { name: requested, reason: 'requested', fallbacks: [] };
    return current;
  }
  const fallbacks: BackendChoice['fallbacks'] = [];
  for (const name of backendNames) {
    try {
      await activateBackend(name);
      current = { name, reason: fallbacks.length ? `first to load after ${fallbacks.map((f) => f.name).join(', ')}` : 'first choice', fallbacks };
      return current;
    } catch (error) {
      const fallback = { name, reason: describeError(name, error), missing: isMissingPackage(name, error) };
      fallbacks.push(fallback);
      onFallback(fallback);
    }
  }
  throw new Error(`no TF.js backend could load: ${fallbacks.map((f) => `${f.name}: ${f.reason}`).join('; ')}`);
}

/** The backend chosen by `initBackend`, if any. */
export function getBackendChoice(): BackendChoice | undefined {
  return current;
}
