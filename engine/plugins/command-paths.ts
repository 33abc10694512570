import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';

/** An element of a manifest `command` that names a file, resolved against the plugin folder. */
export interface CommandPath {
  index: number;
  path: string;
}

/**
 * The elements of `command` that name files: `./x` and `../x` anywhere, an absolute path, and a program
 * given with a folder (`bin/run`). Bare names (`node`, `python3`, `-m`) are left to PATH and the program.
 */
export function getCommandPaths(command: readonly string[], pluginDir: string): CommandPath[] {
  return command.flatMap((arg, index) => {
    const isPath = arg.startsWith('./') || arg.startsWith('../') || isAbsolute(arg) || (index === 0 && arg.includes('/'));
    return isPath ? [{ index, path: resolve(pluginDir, arg) }] : [];
  });
}

function isInside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The package that ships a plugin: the nearest folder above it with a package.json (e.g. ser-flow's own root). */
function findShippingPackage(pluginDir: string): string | undefined {
  for (let dir = dirname(pluginDir); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * The command elements that point outside the plugin folder and outside the package that ships it (built-in
 * plugins run `../../../dist/steps/plugins/<name>/main.js` inside the ser-flow package), with a message each.
 */
export function findEscapingCommandPaths(command: readonly string[], pluginDir: string): (CommandPath & { message: string })[] {
  const shippedBy = findShippingPackage(pluginDir);
  return getCommandPaths(command, pluginDir)
    .filter(({ path }) => !isInside(path, pluginDir) && !(shippedBy && isInside(path, shippedBy)))
    .map((found) => ({
      ...found,
      message:
        `command: "${command[found.index]}" points outside the plugin folder${shippedBy ? ` and the package that ships it (${shippedBy})` : ''}: ${found.path}; ` +
        'keep the files a plugin runs inside its folder, or name a program on PATH (node, python3)',
    }));
}
