import type { CacheStore } from '../cache/cache-store.js';
import type { ProcessLeases } from '../devices/process-leases.js';
import type { Executor } from '../executors/executor.js';

/** What the caller of a run hands it: shared with the other runs and trials of the same engine process. */
export interface RunServices {
  /** The engine process's lease pool (one per ser-flow command). */
  leases: ProcessLeases;
  /** The step cache of the runs folder; undefined when caching is off (`--no-cache`). */
  cache: CacheStore | undefined;
  /** The grid trial this run is, if it is one. */
  trial?: number;
}

/** The services every step of a run goes through (cache, lease, executor), passed down explicitly. */
export interface StepServices extends RunServices {
  /** Each state's executor: the local one, or a Slurm executor for a state that asks for it. */
  executors: Record<string, Executor>;
}
