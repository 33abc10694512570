import { stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';

async function isRunFolder(dir: string): Promise<boolean> {
  for (const marker of ['workflow.yaml', 'resolved.json', 'run.json']) {
    if (await stat(join(dir, marker)).catch(() => undefined)) return true;
  }
  return false;
}

/** A run argument is a folder path, or a run id under `<cwd>/runs/`. Undefined when neither is a run. */
export async function locateRun(options: { cwd: string; run: string; runDir?: string }): Promise<string | undefined> {
  const { cwd, run, runDir = 'runs' } = options;
  const direct = isAbsolute(run) ? run : resolve(cwd, run);
  if (await isRunFolder(direct)) return direct;
  const byId = resolve(cwd, runDir, run);
  if (await isRunFolder(byId)) return byId;
  return undefined;
}
