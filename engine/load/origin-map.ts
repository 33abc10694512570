import type { Locate } from './locate.js';
import type { JsonPath, YamlSource } from './yaml-source.js';

/** Where one node of a merged document is written. */
export interface Origin {
  source: YamlSource;
  /** The node's path inside `source`. */
  path: JsonPath;
  /** The template the text is written in, once copied out of `templates:`. */
  template?: string;
  /** The state that uses that template. */
  state?: string;
}

/** Merged-document path (JSON-encoded) → origin. Every node of each file is entered, so lookups of existing nodes are exact. */
export type OriginMap = Map<string, { path: JsonPath; origin: Origin }>;

/** Every node of one file, mapped to itself. */
export function makeOriginMap(source: YamlSource): OriginMap {
  const map: OriginMap = new Map();
  const walk = (value: unknown, path: JsonPath) => {
    setOrigin(map, path, { source, path });
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...path, i]));
    else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) walk(item, [...path, key]);
  };
  walk(source.data, []);
  return map;
}

export function setOrigin(map: OriginMap, path: JsonPath, origin: Origin): void {
  map.set(JSON.stringify(path), { path, origin });
}

export function getOwnOrigin(map: OriginMap, path: JsonPath): Origin | undefined {
  return map.get(JSON.stringify(path))?.origin;
}

/** Removes `prefix` and everything under it; returns what was removed. */
export function takeOrigins(map: OriginMap, prefix: JsonPath): OriginMap {
  const taken: OriginMap = new Map();
  for (const [key, entry] of map) {
    if (isPrefix(prefix, entry.path)) {
      taken.set(key, entry);
      map.delete(key);
    }
  }
  return taken;
}

/** Copies `from`'s entries under `fromPrefix` to the same relative place under `toPrefix` in `to`, each passed through `annotate`. */
export function copyOrigins(options: { from: OriginMap; fromPrefix: JsonPath; to: OriginMap; toPrefix: JsonPath; annotate?: (origin: Origin) => Origin }): void {
  const { from, fromPrefix, to, toPrefix, annotate = (origin) => origin } = options;
  for (const entry of [...from.values()]) {
    if (isPrefix(fromPrefix, entry.path)) setOrigin(to, [...toPrefix, ...entry.path.slice(fromPrefix.length)], annotate(entry.origin));
  }
}

/** Longest mapped prefix of `path`, with the rest of the path appended to its source path. */
export function findOrigin(map: OriginMap, path: JsonPath): Origin | undefined {
  for (let length = path.length; length >= 0; length--) {
    const origin = getOwnOrigin(map, path.slice(0, length));
    if (origin) return { ...origin, path: [...origin.path, ...path.slice(length)] };
  }
  return undefined;
}

/** Positions a merged-document path at the text that wrote it, saying which template and state when it came from one. */
export function makeOriginLocate(map: OriginMap): Locate {
  return (path, options = {}) => {
    const origin = findOrigin(map, path);
    if (!origin) throw new Error(`bug: no origin for the document path ${JSON.stringify(path)}`);
    const position = origin.source.positionOf(origin.path, options);
    const note = origin.template === undefined ? undefined : `(in template '${origin.template}'${origin.state === undefined ? '' : `, used by state '${origin.state}'`})`;
    return { file: origin.source.file, ...position, ...(note ? { note } : {}) };
  };
}

function isPrefix(prefix: JsonPath, path: JsonPath): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => String(segment) === String(path[i]));
}

/**
 * Keeps `origins` in step with a merge that lays a child (whose own origins are `child`) over what `origins`
 * describes: a value taken whole brings the child's origins and drops the base's; a merged map points at the child.
 */
export function makeOriginRecorder(options: { origins: OriginMap; child: OriginMap }): (taken: { to: JsonPath; from: JsonPath; whole: boolean }) => void {
  const { origins, child } = options;
  return ({ to, from, whole }) => {
    if (whole) {
      takeOrigins(origins, to);
      copyOrigins({ from: child, fromPrefix: from, to: origins, toPrefix: to });
    } else {
      const origin = getOwnOrigin(child, from);
      if (origin) setOrigin(origins, to, origin);
    }
  };
}
