import type { State, StateOptions } from '../../schemas/generated/workflow.js';
import { parseDuration } from './parse-duration.js';

/** A state's execution options after merging `defaults`, with every default set and durations in ms. */
export interface StepOptions {
  maxAttempts: number;
  backoff: { initialMs: number; factor: number; maxMs: number };
  /** Per-attempt limit; undefined = no limit. */
  timeoutMs?: number;
  gpus: number;
  cpus?: number;
  executor: 'local' | 'slurm';
}

/** Merges a state's own options over the workflow `defaults` (field by field) and sets every default once. */
export function normalizeStepOptions(state: State, defaults: StateOptions = {}): StepOptions {
  const retry = { ...defaults.retry, ...state.retry };
  const backoff = { ...defaults.retry?.backoff, ...state.retry?.backoff };
  const resources = { ...defaults.resources, ...state.resources };
  const timeout = state.timeout ?? defaults.timeout;
  const { max_attempts: maxAttempts = 1 } = retry;
  const { initial = 1, factor = 2, max = 300 } = backoff;
  return {
    maxAttempts,
    backoff: { initialMs: parseDuration(initial), factor, maxMs: parseDuration(max) },
    ...(timeout === undefined ? {} : { timeoutMs: parseDuration(timeout) }),
    gpus: resources.gpus ?? 0,
    ...(resources.cpus === undefined ? {} : { cpus: resources.cpus }),
    executor: state.executor ?? defaults.executor ?? 'local',
  };
}

/** Delay before retry number `retry` (1 = the first retry): initial × factor^(retry−1), capped at max. */
export function getBackoffMs(backoff: StepOptions['backoff'], retry: number): number {
  return Math.min(backoff.initialMs * backoff.factor ** (retry - 1), backoff.maxMs);
}
