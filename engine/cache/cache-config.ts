import { dirname, join } from 'node:path';
import { openCacheStore, type CacheStore } from './cache-store.js';

/** Per run folder: where its cache lives and which grid trial it is (grid trials sit two levels deeper). */
interface RunCacheSettings {
  root: string;
  trial?: number;
}

let enabled = true;
const perRun = new Map<string, RunCacheSettings>();
const stores = new Map<string, CacheStore>();

/** `--no-cache` turns reuse off for every run this process starts (steps still execute and are not stored). */
export function configureStepCache(options: { enabled: boolean }): void {
  enabled = options.enabled;
}

/** A grid trial's child run shares the cache of the runs folder its parent run lives in. */
export function registerTrialRun(runDir: string, settings: RunCacheSettings): void {
  perRun.set(runDir, settings);
}

export function getRunTrial(runDir: string): number | undefined {
  return perRun.get(runDir)?.trial;
}

/** The cache store for a run: `<runs folder>/.cache/`, or undefined when caching is off. */
export function getRunCacheStore(runDir: string): CacheStore | undefined {
  if (!enabled) return undefined;
  const root = perRun.get(runDir)?.root ?? join(dirname(runDir), '.cache');
  let store = stores.get(root);
  if (!store) stores.set(root, (store = openCacheStore(root)));
  return store;
}
