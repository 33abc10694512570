import type { CacheEntry, CacheStore } from './cache-store.js';

export type CachedRun<T> = { reused: true; entry: CacheEntry } | { reused: false; result: T; reason: string };

export interface RunWithCacheOptions<T> {
  /** Undefined when caching is off (`--no-cache`, `cache: false`): always executes. */
  store: CacheStore | undefined;
  key: string;
  signal?: AbortSignal;
  execute: () => Promise<T>;
  /** The entry to store for a successful result, or undefined for a failed one (never cached). */
  toEntry: (result: T) => Omit<CacheEntry, 'key' | 'created'> | undefined;
}

/**
 * Reuses the finished step stored under `key`, or executes it and stores the result after success only.
 * A concurrent execution of the same key (another trial, another process) is awaited, not repeated.
 */
export async function runWithCache<T>(options: RunWithCacheOptions<T>): Promise<CachedRun<T>> {
  const { store, key, signal, execute, toEntry } = options;
  if (!store) return { reused: false, result: await execute(), reason: 'cache disabled' };
  const claimed = await store.claim(key, signal ? { signal } : {});
  if (claimed.hit) return { reused: true, entry: claimed.entry };
  try {
    const result = await execute();
    const fields = toEntry(result);
    if (fields) await claimed.claim.commit(fields);
    return { reused: false, result, reason: claimed.reason };
  } finally {
    await claimed.claim.release();
  }
}
