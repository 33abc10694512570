import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { getRunMarkers } from './run-paths.js';

/**
 * A `<run>` argument: a run folder path, or a run id under `<cwd>/<runsFolder>`. Undefined when neither holds
 * run files (run.json, resolved.json, workflow.yaml or a grid's trials.json).
 */
export function findRunDir(cwd: string, run: string, runsFolder = 'runs'): string | undefined {
  for (const dir of [resolve(cwd, run), resolve(cwd, runsFolder, run)]) {
    if (getRunMarkers(dir).some((file) => existsSync(file))) return dir;
  }
  return undefined;
}
