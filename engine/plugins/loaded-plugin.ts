import type { PluginManifest } from '../../schemas/generated/plugin.js';

/** A plugin manifest after loading: its folder, and its I/O schemas with `$ref`s resolved. */
export interface LoadedPlugin {
  manifest: PluginManifest;
  /** Absolute folder of the plugin. */
  dir: string;
  /** Absolute path of plugin.yaml. */
  manifestFile: string;
  inputSchema: Record<string, unknown>;
  outputSchema: Record<string, unknown>;
  /** sha256 over the manifest and its resolved schemas: part of the step cache key. */
  hash: string;
}

/** Which plugin made a result: recorded in result.json and part of the step cache key. */
export interface PluginIdentity {
  name: string;
  version: string;
  hash: string;
  implementation?: string;
}

export function getPluginIdentity(plugin: LoadedPlugin): PluginIdentity {
  const { name, version, implementation } = plugin.manifest;
  return { name, version, hash: plugin.hash, ...(implementation ? { implementation } : {}) };
}
