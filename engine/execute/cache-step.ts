import { mkdirSync } from 'node:fs';
import type { StepActorInput, StepActorOutput } from '../compile/run-context.js';
import type { CacheStore } from '../cache/cache-store.js';
import { computeStepKey } from '../cache/compute-key.js';
import { isStateCacheable } from '../cache/is-state-cacheable.js';
import { runWithCache } from '../cache/run-with-cache.js';
import { getPluginIdentity } from '../plugins/loaded-plugin.js';
import { appendRunEvent } from '../store/run-events.js';
import { getVisitPaths } from '../store/run-paths.js';
import { writeJsonDurable } from '../store/write-json.js';
import { readRecordedResult } from './recorded-result.js';
import { resolveStepInputs } from './resolve-inputs.js';
import type { StepRuntime } from './step-runtime.js';

export interface CacheStepOptions {
  runtime: StepRuntime;
  input: StepActorInput;
  signal: AbortSignal;
  /** Undefined when the run has caching off (`--no-cache`). */
  store: CacheStore | undefined;
  trial?: number;
}

/**
 * Reuses a finished step with the same content key (from any run or trial under the same runs folder),
 * recording it as this visit's result.json; otherwise runs `execute` and stores its result after success.
 * A visit that already has a result.json (resume) and a state whose inputs do not resolve go straight to
 * `execute`, which handles both.
 */
export async function runStepWithCache(options: CacheStepOptions, execute: () => Promise<StepActorOutput>): Promise<StepActorOutput> {
  const { runtime, input, signal, store, trial } = options;
  const { state, visit } = input;
  const plugin = runtime.plugins.get(state);
  if (!store || !plugin || !isStateCacheable(runtime.workflow, runtime.states[state])) return execute();
  const visitPaths = getVisitPaths(runtime.runDir, state, visit);
  if (readRecordedResult(visitPaths.result, plugin)) return execute();
  let inputs: Record<string, unknown>;
  try {
    inputs = resolveStepInputs(runtime.states[state]!, input.scope);
  } catch {
    return execute();
  }
  const pluginId = getPluginIdentity(plugin);
  const { key, recipe } = await computeStepKey({ plugin: pluginId, inputs, seed: runtime.seed, baseDir: runtime.cwd });
  const cached = await runWithCache({
    store,
    key,
    signal,
    execute,
    toEntry: (result) => ({
      outputs: result.outputs,
      step_dir: visitPaths.out,
      run_id: runtime.runId,
      state,
      visit,
      ...(trial === undefined ? {} : { trial }),
      recipe,
    }),
  });
  if (!cached.reused) return cached.result;
  const { entry } = cached;
  mkdirSync(visitPaths.dir, { recursive: true });
  await writeJsonDurable(visitPaths.result, {
    state,
    visit,
    attempt: 0,
    plugin: pluginId,
    inputs,
    outputs: entry.outputs,
    finished_at: new Date().toISOString(),
    reused_from: { key, run_id: entry.run_id, state: entry.state, visit: entry.visit, step_dir: entry.step_dir },
  });
  appendRunEvent(runtime.runDir, { type: 'step-reused', state, visit });
  runtime.logger.log('info', `reused the cached result of run ${entry.run_id} (${entry.state}, visit ${entry.visit}; key ${key.slice(0, 12)}): same plugin, inputs, input files and seed`, {
    state,
    visit,
  });
  return { outputs: entry.outputs };
}
