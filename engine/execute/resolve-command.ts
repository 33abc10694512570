import { fileURLToPath } from 'node:url';
import { getCommandPaths } from '../plugins/command-paths.js';
import type { LoadedPlugin } from '../plugins/loaded-plugin.js';

/**
 * The manifest `command` as argv: elements that name files resolve against the plugin folder (loading checked
 * they stay inside it or its package), a leading `node` is this Node.js (plus tsx's loader when the script
 * is TypeScript), the request path comes last.
 */
export function getCommandArgv(plugin: LoadedPlugin, requestFile: string): string[] {
  const argv = [...plugin.manifest.command];
  for (const { index, path } of getCommandPaths(argv, plugin.dir)) argv[index] = path;
  if (argv[0] === 'node') {
    argv[0] = process.execPath;
    const script = argv.slice(1).find((arg) => !arg.startsWith('-'));
    if (script?.endsWith('.ts')) argv.splice(1, 0, '--import', import.meta.resolve('tsx/esm'));
  }
  return [...argv, requestFile];
}

/** For messages: the command as a user would type it. */
export function formatArgv(argv: string[]): string {
  return argv.map((arg) => (arg.startsWith('file://') ? fileURLToPath(arg) : arg)).join(' ');
}
