import { delimiter, relative, resolve } from 'node:path';
import { findPlugins, getPluginSearchPath } from '../plugins/find-plugins.js';
import { formatDiagnostics } from '../load/diagnostic.js';
import { EXIT } from './exit-error.js';

export interface PluginsListCommandOptions {
  cwd: string;
  /** Extra folders, colon-separated, searched before SER_FLOW_PLUGIN_PATH and the built-in steps/. */
  pluginPath?: string;
  print?: (line: string) => void;
}

/**
 * One line per plugin (name, version, implementation, folder, description); broken manifests follow as warnings:
 * they block only the workflows that use them (validate says so), not the listing.
 */
export async function pluginsListCommand(options: PluginsListCommandOptions): Promise<number> {
  const { cwd, pluginPath, print = (line: string) => console.log(line) } = options;
  const extra = (pluginPath ?? '').split(delimiter).filter(Boolean);
  const searchPath = getPluginSearchPath({ baseDir: cwd, extra });
  const { plugins, diagnostics } = await findPlugins(searchPath);
  const rows = [...plugins.values()].flat().map((p) => [
    p.manifest.name,
    p.manifest.version,
    p.manifest.implementation ?? '-',
    getDisplayPath(cwd, p.dir),
    p.manifest.description ?? '',
  ]);
  rows.sort((a, b) => a[0].localeCompare(b[0]) || a[2].localeCompare(b[2]));
  const table = [['NAME', 'VERSION', 'IMPLEMENTATION', 'FOLDER', 'DESCRIPTION'], ...rows];
  const widths = table[0].map((_, column) => Math.max(...table.map((row) => row[column].length)));
  for (const row of table) print(row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ').trimEnd());
  print(`${rows.length} plugin${rows.length === 1 ? '' : 's'} on the search path: ${searchPath.map((dir) => getDisplayPath(cwd, dir)).join(delimiter)}`);
  for (const line of formatDiagnostics(diagnostics.map((d) => ({ ...d, severity: 'warning' as const })), { cwd })) print(line);
  return EXIT.ok;
}

function getDisplayPath(cwd: string, dir: string): string {
  const shown = relative(cwd, resolve(dir));
  return shown === '' ? '.' : shown.startsWith('..') ? dir : shown;
}
