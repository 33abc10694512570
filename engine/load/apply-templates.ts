import { getClosest } from './get-closest.js';
import { mergeStates } from './merge-workflows.js';
import { copyOrigins, makeOriginRecorder, takeOrigins, type OriginMap } from './origin-map.js';
import type { Report } from './reporter.js';
import type { JsonPath } from './yaml-source.js';
import { isMapping } from './is-mapping.js';

type Data = Record<string, unknown>;

/**
 * Expands `uses:`: each state (branch states included) and template that names a template starts from that
 * template's settings (itself expanded first), the keys it writes replacing the template's and `with` merged
 * input by input. `origins` follows, so a problem in text that came from a template is reported at the
 * template's line, naming the state that used it. Afterwards no `uses` or `templates` remain.
 */
export function applyTemplates(options: { data: Data; origins: OriginMap; report: Report }): Data {
  const { origins, report } = options;
  const data = { ...options.data };
  const templates = isMapping(data.templates) ? data.templates : {};
  const expanded = new Map<string, Data | undefined>();

  /** `own` (at `path`) laid over template `name`; undefined when `name` is unknown or in a cycle. */
  const layOver = (own: Data, path: JsonPath, name: unknown, stack: string[], state?: string): Data | undefined => {
    if (typeof name !== 'string') return undefined;
    const base = expandTemplate(name, path, stack);
    if (!base) return undefined;
    const ownOrigins = takeOrigins(origins, path);
    copyOrigins({
      from: origins,
      fromPrefix: ['templates', name],
      to: origins,
      toPrefix: path,
      annotate: (origin) => ({ ...origin, template: origin.template ?? name, ...(state === undefined ? {} : { state }) }),
    });
    const { uses: _uses, ...rest } = own;
    return mergeStates({ base, child: rest, path, onTaken: makeOriginRecorder({ origins, child: ownOrigins }) }) as Data;
  };

  /** Template `name`, its own `uses` expanded; `usedAt` is the path of the `uses` naming it, for errors. */
  const expandTemplate = (name: string, usedAt: JsonPath, stack: string[]): Data | undefined => {
    if (stack.includes(name)) {
      report('template', `template cycle: ${[...stack, name].join(' → ')}; a template cannot use itself`, [...usedAt, 'uses']);
      return undefined;
    }
    if (expanded.has(name)) return expanded.get(name);
    const template = templates[name];
    if (!isMapping(template)) {
      const known = Object.keys(templates);
      report('template', `unknown template '${name}'${getClosest(name, known)}; ${known.length ? `templates: ${known.join(', ')}` : 'the workflow declares no templates'}`, [...usedAt, 'uses']);
      return undefined;
    }
    const path = ['templates', name];
    const result = 'uses' in template ? layOver(template, path, template.uses, [...stack, name]) : template;
    expanded.set(name, result);
    return result;
  };

  const expandStates = (states: unknown, path: JsonPath): unknown => {
    if (!isMapping(states)) return states;
    return Object.fromEntries(
      Object.entries(states).map(([name, state]) => {
        const at = [...path, name];
        if (!isMapping(state)) return [name, state];
        let result = state;
        if ('uses' in state) {
          const { uses: _uses, ...rest } = state;
          result = layOver(state, at, state.uses, [], name) ?? rest;
        }
        if (isMapping(result.parallel)) {
          const branches = Object.entries(result.parallel).map(([branch, value]) =>
            isMapping(value) ? [branch, { ...value, states: expandStates(value.states, [...at, 'parallel', branch, 'states']) }] : [branch, value],
          );
          result = { ...result, parallel: Object.fromEntries(branches) };
        }
        return [name, result];
      }),
    );
  };

  // Every template, used or not, so a broken one is reported even before a state uses it.
  for (const name of Object.keys(templates)) expandTemplate(name, ['templates', name], []);
  data.states = expandStates(data.states, ['states']);
  delete data.templates;
  return data;
}
