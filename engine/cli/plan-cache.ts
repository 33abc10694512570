import { resolve } from 'node:path';
import { openCacheStore } from '../cache/cache-store.js';
import { getRunsCacheDir } from '../store/run-paths.js';
import { computeStepKey } from '../cache/compute-key.js';
import { isStateCacheable } from '../cache/is-state-cacheable.js';
import { compileExpression, scanTemplate } from '../expr/index.js';
import { resolveKnown } from '../expr/resolve-known.js';
import { expandMatrix } from '../validate/expand-matrix.js';
import { getPluginIdentity } from '../plugins/loaded-plugin.js';
import { getRunSeed } from '../run/build-runtime.js';
import type { LoadedWorkflow } from '../validate/load-workflow.js';

export interface CacheDecision {
  trial?: number;
  state: string;
  decision: 'reuse' | 'execute' | 'run time';
  reason: string;
}

/** Roots other than `params` that a state's `with` reads, with the states named (`states.<name>`). */
function getRunTimeDependencies(value: unknown, found = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    for (const part of scanTemplate(value).parts) {
      if (part.kind === 'text') continue;
      const compiled = compileExpression(part.expr);
      if (!compiled.ok) continue;
      for (const { path } of compiled.references) {
        if (path[0] === 'states' && path[1] !== undefined) found.add(String(path[1]));
        else if (path[0] !== 'params') found.add(String(path[0]));
      }
    }
  } else if (Array.isArray(value)) value.forEach((v) => getRunTimeDependencies(v, found));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => getRunTimeDependencies(v, found));
  return found;
}

/**
 * What `run` would do with each state of each trial, from the step cache under `runsDir`: reuse (and from
 * which run), execute (and why), or decided at run time because the inputs depend on earlier outputs.
 * A key computed by an earlier trial of the same plan counts as shared: that trial executes it once.
 */
export async function getCacheDecisions(options: { loaded: LoadedWorkflow; runsDir: string; cache: boolean; cwd: string }): Promise<CacheDecision[]> {
  const { loaded, runsDir, cache, cwd } = options;
  const { workflow } = loaded;
  const store = openCacheStore(getRunsCacheDir(resolve(cwd, runsDir)));
  const combos = workflow.grid ? expandMatrix(workflow.grid) : [undefined];
  const plannedBy = new Map<string, number | undefined>();
  const decisions: CacheDecision[] = [];
  for (const [index, combo] of combos.entries()) {
    const trial = combo ? index : undefined;
    const params = { ...loaded.params, ...combo };
    const seed = getRunSeed(params);
    for (const [state, definition] of Object.entries(workflow.states)) {
      const base = { ...(trial === undefined ? {} : { trial }), state };
      if (!cache) {
        decisions.push({ ...base, decision: 'execute', reason: '--no-cache' });
        continue;
      }
      if (!isStateCacheable(workflow, definition)) {
        decisions.push({ ...base, decision: 'execute', reason: 'cache: false' });
        continue;
      }
      const scope = { params, states: {}, loop: { index: 0 }, run: { id: '<run-id>', dir: '<run-dir>' } };
      const { value, pending } = resolveKnown(definition.with ?? {}, scope);
      if (pending > 0) {
        const deps = [...getRunTimeDependencies(definition.with ?? {})];
        decisions.push({ ...base, decision: 'run time', reason: `depends on ${deps.join(', ')}` });
        continue;
      }
      const { key } = await computeStepKey({
        plugin: getPluginIdentity(loaded.plugins.get(state)!),
        inputs: value as Record<string, unknown>,
        seed,
        baseDir: cwd,
      });
      const short = key.slice(0, 12);
      const found = await store.lookup(key);
      if (found.hit) {
        decisions.push({ ...base, decision: 'reuse', reason: `cached by run ${found.entry.run_id} (${found.entry.state}, key ${short})` });
      } else if (plannedBy.has(key)) {
        const by = plannedBy.get(key);
        decisions.push({ ...base, decision: 'reuse', reason: `same key as ${by === undefined ? "an earlier state" : `trial ${by}`}, which executes it once (key ${short})` });
      } else {
        plannedBy.set(key, trial);
        decisions.push({ ...base, decision: 'execute', reason: `${found.reason}` });
      }
    }
  }
  return decisions;
}

/** The decisions as plan lines, grouped by trial. */
export function formatCacheDecisions(decisions: CacheDecision[]): string[] {
  const lines = ['cache (reuse or execute, and why):'];
  let trial: number | undefined | null = null;
  for (const d of decisions) {
    if (d.trial !== trial && d.trial !== undefined) lines.push(`  trial ${d.trial} (trials/${d.trial}):`);
    trial = d.trial;
    lines.push(`${d.trial === undefined ? '  ' : '    '}${d.state}: ${d.decision} (${d.reason})`);
  }
  return lines;
}
