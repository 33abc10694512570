import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadedPlugin } from '../plugins/loaded-plugin.js';

/**
 * The manifest `command` as argv: `./` and `../` elements resolve against the plugin folder, a leading
 * `node` is this Node.js (plus tsx's loader when the script is TypeScript), the request path comes last.
 */
export function getCommandArgv(plugin: LoadedPlugin, requestFile: string): string[] {
  const argv = plugin.manifest.command.map((arg) => (arg.startsWith('./') || arg.startsWith('../') ? resolve(plugin.dir, arg) : arg));
  if (argv[0] === 'node') {
    argv[0] = process.execPath;
    const script = argv.slice(1).find((arg) => !arg.startsWith('-'));
    if (script?.endsWith('.ts')) argv.splice(1, 0, '--import', import.meta.resolve('tsx/esm'));
  } else if (!isAbsolute(argv[0]) && argv[0].includes('/')) {
    argv[0] = resolve(plugin.dir, argv[0]);
  }
  return [...argv, requestFile];
}

/** For messages: the command as a user would type it. */
export function formatArgv(argv: string[]): string {
  return argv.map((arg) => (arg.startsWith('file://') ? fileURLToPath(arg) : arg)).join(' ');
}
