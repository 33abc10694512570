import type { Workflow } from '../../schemas/generated/workflow.js';
import { resolveTemplate } from '../expr/evaluate.js';
import type { LoadedPlugin } from '../plugins/loaded-plugin.js';
import { selectPlugin } from '../plugins/select-plugin.js';
import { getClosest } from './check-transitions.js';
import type { Report } from './report.js';
import type { ParamValue } from './resolve-params.js';
import { getStates, isRecord } from './workflow-view.js';

/** Which plugin (implementation resolved) each state runs; unknown names and ambiguous choices are reported. */
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
  for (const [name, state] of getStates(workflow)) {
    if (typeof state.step !== 'string') continue;
    const candidates = available.get(state.step) ?? [];
    if (candidates.length === 0) {
      const names = [...available.keys()].sort();
      report(
        'unknown-plugin',
        `state '${name}': no plugin named '${state.step}'${getClosest(state.step, names)} on the search path (${searchPath.join(', ')}); available: ${names.length ? names.join(', ') : 'none'}. Add its folder to plugins: or SER_FLOW_PLUGIN_PATH`,
        ['states', name, 'step'],
      );
      continue;
    }
    const own = typeof state.implementation === 'string';
    const raw = own ? state.implementation : typeof defaultImplementation === 'string' ? defaultImplementation : undefined;
    const implementation = raw === undefined ? undefined : resolveImplementation(raw, params);
    if (raw !== undefined && implementation === undefined) continue; // the expression checks report why
    const selected = selectPlugin({ name: state.step, candidates, implementation, fromDefaults: !own });
    if ('error' in selected) {
      const path = own ? ['states', name, 'implementation'] : raw !== undefined ? ['defaults', 'implementation'] : ['states', name, 'step'];
      report('unknown-plugin', `state '${name}': ${selected.error}`, path);
      continue;
    }
    chosen.set(name, selected.plugin);
  }
  return chosen;
}

/** `implementation:` may be `${{ params.x }}`; params are known before the run, so it resolves now. */
function resolveImplementation(raw: string, params: Record<string, ParamValue>): string | undefined {
  try {
    const value = resolveTemplate(raw, { params, states: {}, loop: { index: 0 }, run: { id: '', dir: '' } });
    return typeof value === 'string' && value !== '' ? value : undefined;
  } catch {
    return undefined;
  }
}
