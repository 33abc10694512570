import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { getRunPaths } from './run-paths.js';

/** A `<run>` argument: a run folder path, or a run id under `<cwd>/runs`. Undefined when neither has a run.json. */
export function findRunDir(cwd: string, run: string): string | undefined {
  for (const dir of [resolve(cwd, run), resolve(cwd, 'runs', run)]) {
    if (existsSync(getRunPaths(dir).record)) return dir;
  }
  return undefined;
}
