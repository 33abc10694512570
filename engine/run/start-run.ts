import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openCacheStore } from '../cache/cache-store.js';
import { getRunsCacheDir } from '../store/run-paths.js';
import type { ProcessLeases } from '../devices/process-leases.js';
import type { LoadedWorkflow } from '../validate/load-workflow.js';
import { makeRunId } from '../store/run-id.js';
import { getRunPaths } from '../store/run-paths.js';
import { writeResolvedRun, type ResolvedPlugin } from '../store/resolved-run.js';
import { getKillGraceMs } from './build-runtime.js';
import { RunInputError } from './run-errors.js';
import { runSession, type RunSessionResult } from './run-session.js';

export interface StartRunOptions {
  loaded: LoadedWorkflow;
  /** Folder that holds runs (default `runs`). */
  runsDir: string;
  runId?: string;
  /** The engine process's lease pool. */
  leases: ProcessLeases;
  /** False with `--no-cache`: steps execute and are not stored. */
  cache: boolean;
  /** Off a terminal, print every line (`--verbose`). */
  verbose?: boolean;
}

export function getResolvedPlugins(plugins: LoadedWorkflow['plugins']): Record<string, ResolvedPlugin> {
  return Object.fromEntries(
    [...plugins].map(([state, p]) => [
      state,
      { name: p.manifest.name, version: p.manifest.version, hash: p.hash, dir: p.dir, ...(p.manifest.implementation ? { implementation: p.manifest.implementation } : {}) },
    ]),
  );
}

/** Creates `runs/<run-id>/` with the frozen workflow, then runs it. */
export async function startRun({ loaded, runsDir, runId, leases, cache, verbose = false }: StartRunOptions): Promise<RunSessionResult> {
  const killGraceMs = getKillGraceMs();
  const id = runId ?? makeRunId(loaded.workflow.name);
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(id)) {
    throw new RunInputError(`run id "${id}" is not usable as a folder name; use letters, digits, '.', '_' and '-'`);
  }
  const runDir = resolve(join(runsDir, id));
  const paths = getRunPaths(runDir);
  if (existsSync(paths.record) || existsSync(paths.resolved)) {
    throw new RunInputError(`run ${runDir} already exists; continue it with \`ser-flow resume ${runDir}\` or pick another --run-id`);
  }
  try {
    mkdirSync(runDir, { recursive: true });
  } catch (error) {
    throw new RunInputError(`cannot create the run folder ${runDir}: ${(error as Error).message}; pick a --run-dir you can write to`);
  }
  const now = new Date().toISOString();
  const cwd = process.cwd();
  return runSession({
    runDir,
    verbose,
    record: { id, workflow: loaded.workflow.name, status: 'running', started_at: now, updated_at: now, resumes: 0 },
    workflow: loaded.workflow,
    workflowFile: loaded.file,
    params: loaded.params,
    plugins: loaded.plugins,
    cwd,
    killGraceMs,
    services: { leases, cache: cache ? openCacheStore(getRunsCacheDir(resolve(runsDir))) : undefined },
    prepare: () => {
      writeFileSync(paths.workflow, loaded.text);
      writeResolvedRun(runDir, { id, file: loaded.file, workflow: loaded.workflow, params: loaded.params, plugins: getResolvedPlugins(loaded.plugins), cwd, created_at: now });
    },
  });
}
