import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Every file and folder under `dir` with its size and mtime: equal before and after means nothing was written. */
export function getFolderState(dir: string): Record<string, string> {
  const state: Record<string, string> = {};
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      const stats = statSync(path);
      state[relative(dir, path)] = entry.isDirectory() ? `dir ${stats.mtimeMs}` : `${stats.size} ${stats.mtimeMs}`;
      if (entry.isDirectory()) walk(path);
    }
  };
  walk(dir);
  return state;
}
