import type { Workflow } from '../../schemas/workflow-types.js';
import { resolveKnown } from '../expr/resolve-known.js';
import type { LoadedPlugin } from '../plugins/loaded-plugin.js';
import { selectPlugin } from '../plugins/select-plugin.js';
import { getClosest } from '../load/get-closest.js';
import type { Report } from '../load/reporter.js';
import type { ParamValue } from './resolve-params.js';
import { getBranches, getStateEntries } from './workflow-view.js';
import { isRecord } from '../store/read-json.js';

/** Which plugin (implementation resolved) each step state runs, branch states included; unknown names and ambiguous choices are reported. */
export function resolveStatePlugins(options: {
  workflow: Workflow;
  available: Map<string, LoadedPlugin[]>;
  params: Record<string, ParamValue>;
  searchPath: string[];
  report: Report;
}): Map<string, LoadedPlugin> {
  const { workflow, available, params, searchPath, report } = options;
  const chosen = new Map<string, LoadedPlugin>();
  const defaultImplementation = isRecord(workflow.defaults) ? workflow.defaults.implementation : undefined;
  for (const { name, state, path } of getStateEntries(workflow)) {
    // A parallel state runs no step of its own (checkParallel reports one written there): its branch states do.
    if (typeof state.step !== 'string' || getBranches(state).length > 0) continue;
    const candidates = available.get(state.step) ?? [];
    if (candidates.length === 0) {
      const names = [...available.keys()].sort();
      report(
        'unknown-plugin',
        `state '${name}': no plugin named '${state.step}'${getClosest(state.step, names)} on the search path (${searchPath.join(', ')}); available: ${names.length ? names.join(', ') : 'none'}. Add its folder to plugins: or SER_FLOW_PLUGIN_PATH`,
        [...path, 'step'],
      );
      continue;
    }
    const own = typeof state.implementation === 'string';
    const raw = own ? state.implementation : typeof defaultImplementation === 'string' ? defaultImplementation : undefined;
    const resolved = raw === undefined ? undefined : resolveImplementation(raw, params);
    const implementationPath = own ? [...path, 'implementation'] : ['defaults', 'implementation'];
    if (resolved && 'error' in resolved) {
      if (resolved.error) report('unknown-plugin', `state '${name}': ${resolved.error}`, implementationPath);
      continue;
    }
    const implementation = resolved?.value;
    const selected = selectPlugin({ name: state.step, candidates, implementation, fromDefaults: !own });
    if ('error' in selected) {
      report('unknown-plugin', `state '${name}': ${selected.error}`, raw !== undefined ? implementationPath : [...path, 'step']);
      continue;
    }
    chosen.set(name, selected.plugin);
  }
  return chosen;
}

/**
 * `implementation:` may be `${{ params.x }}`; params are known before the run, so it resolves now.
 * An expression that cannot run yields an empty error: the expression checks report it, with its column.
 */
function resolveImplementation(raw: string, params: Record<string, ParamValue>): { value: string } | { error: string } {
  let value: unknown;
  try {
    const known = resolveKnown(raw, { params, states: {}, loop: { index: 0 }, run: { id: '', dir: '' } });
    if (known.pending) return { error: '' };
    value = known.value;
  } catch {
    return { error: '' };
  }
  if (typeof value === 'string' && value !== '') return { value };
  return { error: `implementation '${raw}' resolved to ${JSON.stringify(value)}; it must name an implementation (e.g. tfjs or torch)` };
}
