import { existsSync, readdirSync, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { getProjectRoot } from '../load/project-root.js';
import type { Diagnostic } from '../load/diagnostic.js';
import type { LoadedPlugin } from './loaded-plugin.js';
import { loadPlugin, MANIFEST_FILE } from './load-plugin.js';

/** The built-in plugins: every direct subfolder of the package's steps/plugins/ that has a plugin.yaml. */
export function getBuiltinPluginDir(): string {
  return join(getProjectRoot(), 'steps', 'plugins');
}

/** Search order: the workflow's `plugins:` entries, extra folders (CLI), SER_FLOW_PLUGIN_PATH, then steps/. */
export function getPluginSearchPath(options: { baseDir?: string; workflowPlugins?: string[]; extra?: string[]; env?: NodeJS.ProcessEnv } = {}): string[] {
  const { baseDir = process.cwd(), workflowPlugins = [], extra = [], env = process.env } = options;
  const fromEnv = (env.SER_FLOW_PLUGIN_PATH ?? '').split(delimiter).filter(Boolean);
  return [...workflowPlugins.map((p) => resolve(baseDir, p)), ...extra.map((p) => resolve(baseDir, p)), ...fromEnv.map((p) => resolve(p)), getBuiltinPluginDir()];
}

/**
 * Loads every plugin on the search path. A folder is either a plugin itself (has plugin.yaml)
 * or a collection whose direct subfolders are plugins. Folders that do not exist are skipped.
 */
export async function findPlugins(searchPath: string[]): Promise<{ plugins: Map<string, LoadedPlugin[]>; diagnostics: Diagnostic[] }> {
  const plugins = new Map<string, LoadedPlugin[]>();
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const dir of searchPath) {
    for (const manifestFile of listManifests(resolve(dir))) {
      if (seen.has(manifestFile)) continue;
      seen.add(manifestFile);
      const loaded = await loadPlugin(manifestFile);
      diagnostics.push(...loaded.diagnostics);
      if (!loaded.plugin) continue;
      const name = loaded.plugin.manifest.name;
      plugins.set(name, [...(plugins.get(name) ?? []), loaded.plugin]);
    }
  }
  return { plugins, diagnostics };
}

function listManifests(dir: string): string[] {
  if (!isDirectory(dir)) return [];
  const own = join(dir, MANIFEST_FILE);
  if (existsSync(own)) return [own];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() || entry.isSymbolicLink())
    .map((entry) => join(dir, entry.name, MANIFEST_FILE))
    .filter((file) => existsSync(file))
    .sort();
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
