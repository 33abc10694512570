import type { JsonPath } from './yaml-source.js';
import { isMapping } from './is-mapping.js';

type Data = Record<string, unknown>;

/**
 * Told where the merge took the child's value: `whole` replaces whatever the base had under `to`; otherwise
 * `to` is a map (or list) that keeps some of the base's entries. `from` is the path in the child.
 */
export type OnTaken = (taken: { to: JsonPath; from: JsonPath; whole: boolean }) => void;

/** Root keys whose values are maps merged key by key (each entry replaced whole). */
const KEYED_ROOT_KEYS = new Set(['vars', 'defaults', 'grid']);

/**
 * A workflow over its base: maps merge key by key (params field by field; states and templates field by field
 * with `with` input by input; vars, defaults and grid key by key), lists and scalars are replaced, and
 * report.summary / report.charts are appended to (summary without repeats).
 */
export function mergeWorkflows(options: { base: Data; child: Data; onTaken: OnTaken }): Data {
  const { base, child, onTaken } = options;
  const merged = new Map(Object.entries(base));
  onTaken({ to: [], from: [], whole: false });
  for (const [key, value] of Object.entries(child)) {
    const path = [key];
    if (key === 'params') merged.set(key, mergeEntries({ base: base[key], child: value, path, onTaken, mergeEntry: mergeFields }));
    else if (key === 'states' || key === 'templates') merged.set(key, mergeEntries({ base: base[key], child: value, path, onTaken, mergeEntry: mergeStates }));
    else if (key === 'report') merged.set(key, mergeReports({ base: base[key], child: value, path, onTaken }));
    else if (KEYED_ROOT_KEYS.has(key)) merged.set(key, mergeFields({ base: base[key], child: value, path, onTaken }));
    else merged.set(key, takeWhole({ value, path, onTaken }));
  }
  return Object.fromEntries(merged);
}

interface MergeOptions {
  base: unknown;
  child: unknown;
  path: JsonPath;
  onTaken: OnTaken;
}

/**
 * A state (or template) over another: the keys the child writes replace the base's, except `with`, which is
 * merged input by input. Also how a state that `uses` a template is laid over it.
 */
export function mergeStates(options: MergeOptions): unknown {
  const { base, child, path, onTaken } = options;
  if (!isMapping(base) || !isMapping(child)) return takeWhole({ value: child, path, onTaken });
  onTaken({ to: path, from: path, whole: false });
  const merged = new Map(Object.entries(base));
  for (const [key, value] of Object.entries(child)) {
    merged.set(key, key === 'with' ? mergeFields({ base: base[key], child: value, path: [...path, key], onTaken }) : takeWhole({ value, path: [...path, key], onTaken }));
  }
  return Object.fromEntries(merged);
}

/** A map merged key by key, each of the child's entries replacing the base's whole. */
function mergeFields(options: MergeOptions): unknown {
  return mergeEntries({ ...options, mergeEntry: (entry) => takeWhole({ value: entry.child, path: entry.path, onTaken: entry.onTaken }) });
}

function mergeEntries(options: MergeOptions & { mergeEntry: (entry: MergeOptions) => unknown }): unknown {
  const { base, child, path, onTaken, mergeEntry } = options;
  if (!isMapping(base) || !isMapping(child)) return takeWhole({ value: child, path, onTaken });
  onTaken({ to: path, from: path, whole: false });
  // A Map and Object.hasOwn: a key such as `__proto__` (a valid input name) stays an ordinary entry.
  const merged = new Map(Object.entries(base));
  for (const [key, value] of Object.entries(child)) {
    merged.set(key, Object.hasOwn(base, key) ? mergeEntry({ base: base[key], child: value, path: [...path, key], onTaken }) : takeWhole({ value, path: [...path, key], onTaken }));
  }
  return Object.fromEntries(merged);
}

/** report: summary and charts append (summary without repeats); other keys replace. */
function mergeReports(options: MergeOptions): unknown {
  const { base, child, path, onTaken } = options;
  if (!isMapping(base) || !isMapping(child)) return takeWhole({ value: child, path, onTaken });
  onTaken({ to: path, from: path, whole: false });
  const merged = new Map(Object.entries(base));
  for (const [key, value] of Object.entries(child)) {
    const at = [...path, key];
    const before = base[key];
    if ((key === 'summary' || key === 'charts') && Array.isArray(before) && Array.isArray(value)) {
      onTaken({ to: at, from: at, whole: false });
      const list = [...before];
      value.forEach((item, i) => {
        if (key === 'summary' && list.includes(item)) return;
        onTaken({ to: [...at, list.length], from: [...at, i], whole: true });
        list.push(item);
      });
      merged.set(key, list);
    } else {
      merged.set(key, takeWhole({ value, path: at, onTaken }));
    }
  }
  return Object.fromEntries(merged);
}

function takeWhole(options: { value: unknown; path: JsonPath; onTaken: OnTaken }): unknown {
  options.onTaken({ to: options.path, from: options.path, whole: true });
  return options.value;
}
