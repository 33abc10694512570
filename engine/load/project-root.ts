import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** The ser-flow package folder, found from this file whether it runs from source or from dist/. */
export function getProjectRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'ser-flow') {
      cached = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the ser-flow package root above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** Reads one of the JSON Schemas in schemas/ (the single source of truth for file formats). */
export function loadProjectSchema(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(getProjectRoot(), 'schemas', name), 'utf8')) as Record<string, unknown>;
}
