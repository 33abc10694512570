import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { PluginIdentity } from '../plugins/loaded-plugin.js';
import { hashPath } from './hash-path.js';

/** Bump when the key's recipe changes, so old entries stop matching instead of being misread. */
const KEY_VERSION = 1;

export interface StepKeyOptions {
  plugin: PluginIdentity;
  /** The state's resolved `with` values. */
  inputs: Record<string, unknown>;
  seed: number;
  /** Folder that relative path-like inputs resolve against (the folder the run was started in). */
  baseDir: string;
}

export interface StepKey {
  /** sha256 hex of the canonical recipe below. */
  key: string;
  /** The inputs as hashed: every path to an existing file or folder replaced by `{content: sha256}`. */
  recipe: Record<string, unknown>;
  /** The input artifacts whose content entered the key. */
  artifacts: { path: string; hash: string }[];
}

/** Strings that name a path: absolute, or containing a slash (bare words such as `adam` never do). */
function toCandidatePath(value: string, baseDir: string): string | undefined {
  if (value.length === 0 || value.length > 4096 || value.includes('\n')) return undefined;
  if (!isAbsolute(value) && !value.includes('/')) return undefined;
  const path = resolve(baseDir, value);
  return existsSync(path) ? path : undefined;
}

async function replacePaths(value: unknown, baseDir: string, artifacts: StepKey['artifacts']): Promise<unknown> {
  if (typeof value === 'string') {
    const path = toCandidatePath(value, baseDir);
    if (!path) return value;
    const hash = await hashPath(path);
    artifacts.push({ path, hash });
    return { content: hash };
  }
  if (Array.isArray(value)) return Promise.all(value.map((item) => replacePaths(item, baseDir, artifacts)));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = await replacePaths(v, baseDir, artifacts);
    return out;
  }
  return value;
}

/** JSON with object keys sorted at every depth, so equal values always serialise alike. */
export function stringifyCanonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stringifyCanonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stringifyCanonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The content key of one step execution: plugin name, version, implementation and manifest hash, the
 * resolved inputs, the content of every input artifact, and the seed. Input paths count by content, not
 * by name, so trials whose earlier steps produced identical files in different folders share later steps.
 */
export async function computeStepKey(options: StepKeyOptions): Promise<StepKey> {
  const { plugin, inputs, seed, baseDir } = options;
  const artifacts: StepKey['artifacts'] = [];
  const hashedInputs = await replacePaths(inputs, baseDir, artifacts);
  const recipe = {
    v: KEY_VERSION,
    plugin: { name: plugin.name, version: plugin.version, manifest: plugin.hash, implementation: plugin.implementation },
    inputs: hashedInputs,
    seed,
  };
  const key = createHash('sha256').update(stringifyCanonical(recipe)).digest('hex');
  return { key, recipe, artifacts };
}
