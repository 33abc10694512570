import { getRunCacheDir } from '../store/run-paths.js';
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

/**
 * A run's cache settings: registered by the grid, else recognised from the layout (a resumed trial sits in
 * `<runs>/<grid-run>/trials/<k>/` next to the grid's trials.json), else those of a plain `<runs>/<id>/`.
 */
function getRunSettings(runDir: string): RunCacheSettings {
  const registered = perRun.get(runDir);
  if (registered) return registered;
  const { dir, trial } = getRunCacheDir(runDir);
  return { root: dir, ...(trial !== undefined ? { trial } : {}) };
}

export function getRunTrial(runDir: string): number | undefined {
  return getRunSettings(runDir).trial;
}

/** The cache store for a run: `<runs folder>/.cache/`, or undefined when caching is off. */
export function getRunCacheStore(runDir: string): CacheStore | undefined {
  if (!enabled) return undefined;
  const { root } = getRunSettings(runDir);
  let store = stores.get(root);
  if (!store) stores.set(root, (store = openCacheStore(root)));
  return store;
}
