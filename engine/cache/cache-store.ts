import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import lockfile from 'proper-lockfile';
import { writeTextDurable } from '../store/write-json.js';
import { isProcessAlive, readLockOwner, removeLockOwner, writeLockOwner } from '../store/lock-owner.js';

/**
 * One finished step, stored at `<root>/<key>/entry.json`. It points at the step's folder instead of
 * copying it: run folders are kept, and a lookup re-checks that every pointed-to path still exists.
 */
export interface CacheEntry {
  key: string;
  outputs: Record<string, unknown>;
  /** The finished step's output folder (absolute). */
  step_dir: string;
  run_id: string;
  state: string;
  visit: number;
  trial?: number;
  created: string;
  recipe?: Record<string, unknown>;
}

export type CacheLookup = { hit: true; entry: CacheEntry } | { hit: false; reason: string };

/** The right to compute `key`: commit after success only, release on every exit path. */
export interface CacheClaim {
  commit(entry: Omit<CacheEntry, 'key' | 'created'>): Promise<CacheEntry>;
  release(): Promise<void>;
}

export type ClaimResult = { hit: true; entry: CacheEntry } | { hit: false; reason: string; claim: CacheClaim };

export interface CacheStore {
  root: string;
  lookup(key: string): Promise<CacheLookup>;
  /** Waits while another trial or process computes the same key, then returns its entry or the claim. */
  claim(key: string, options?: { signal?: AbortSignal }): Promise<ClaimResult>;
}

/** A lock whose holder stops refreshing it (a killed process) is taken over after this long. */
const STALE_MS = 20_000;
const POLL_MS = 150;

function listAbsolutePaths(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string' && isAbsolute(value)) out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => listAbsolutePaths(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => listAbsolutePaths(v, out));
  return out;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Opens (creating on first write) the content-addressed step cache under `root`, e.g. `runs/.cache`. */
export function openCacheStore(root: string): CacheStore {
  // Keys being computed in this process: later claimants await the promise instead of polling the lock.
  const inFlight = new Map<string, Promise<void>>();

  async function lookup(key: string): Promise<CacheLookup> {
    const file = join(root, key, 'entry.json');
    let entry: CacheEntry;
    try {
      entry = JSON.parse(await readFile(file, 'utf8')) as CacheEntry;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { hit: false, reason: `no cached result for key ${key.slice(0, 12)}` };
      return { hit: false, reason: `cache entry ${file} is unreadable (${(error as Error).message}); recomputing` };
    }
    const missing = [entry.step_dir, ...listAbsolutePaths(entry.outputs)].find((p) => !existsSync(p));
    if (missing) return { hit: false, reason: `cached result ${key.slice(0, 12)} points at ${missing}, which no longer exists` };
    return { hit: true, entry };
  }

  const ownerFile = (key: string) => join(root, `${key}.owner.json`);

  async function lockAcrossProcesses(key: string, signal?: AbortSignal): Promise<() => Promise<void>> {
    await mkdir(root, { recursive: true });
    for (;;) {
      try {
        // Locks `<root>/<key>.lock`. proper-lockfile tracks its locks by the locked path, so each key needs
        // its own path (it need not exist). A lost lock (clock jump, stalled disk) costs at worst a
        // duplicate computation: never crash for it.
        const release = await lockfile.lock(join(root, key), { realpath: false, stale: STALE_MS, onCompromised: () => {} });
        writeLockOwner(ownerFile(key));
        return async () => {
          removeLockOwner(ownerFile(key));
          await release();
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
        // A claim left by a killed process (e.g. `kill -9` before `resume`) is taken over at once.
        const owner = readLockOwner(ownerFile(key));
        if (owner && !isProcessAlive(owner.pid)) {
          await rm(`${join(root, key)}.lock`, { recursive: true, force: true });
          removeLockOwner(ownerFile(key));
          continue;
        }
        await sleep(POLL_MS, signal);
      }
    }
  }

  async function claim(key: string, options: { signal?: AbortSignal } = {}): Promise<ClaimResult> {
    const { signal } = options;
    // Claims in this process queue in call order: the check and the reservation below happen with no
    // await between them, so the first caller computes and later ones wait for its entry.
    for (let pending = inFlight.get(key); pending; pending = inFlight.get(key)) {
      await pending.catch(() => {});
      signal?.throwIfAborted();
    }
    let releaseInProcess!: () => void;
    inFlight.set(key, new Promise<void>((resolve) => (releaseInProcess = resolve)));
    let unlock: (() => Promise<void>) | undefined;
    let released = false;
    const release = async () => {
      if (released) return;
      released = true;
      inFlight.delete(key);
      releaseInProcess();
      await unlock?.().catch(() => {});
      unlock = undefined;
    };
    try {
      const cached = await lookup(key);
      if (cached.hit) {
        await release();
        return cached;
      }
      unlock = await lockAcrossProcesses(key, signal);
      // Another process may have finished the same key while this one waited for the lock.
      const found = await lookup(key);
      if (found.hit) {
        await release();
        return found;
      }
      const commit: CacheClaim['commit'] = async (fields) => {
        const entry: CacheEntry = { ...fields, key, created: new Date().toISOString() };
        await mkdir(join(root, key), { recursive: true });
        await writeTextDurable(join(root, key, 'entry.json'), JSON.stringify(entry, null, 2) + '\n');
        return entry;
      };
      return { hit: false, reason: found.reason, claim: { commit, release } };
    } catch (error) {
      await release();
      throw error;
    }
  }

  return { root, lookup, claim };
}
