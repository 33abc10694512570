import type { Workflow } from '../../schemas/workflow-types.js';
import { readJsonFileSync } from './read-json.js';
import { getRunPaths } from './run-paths.js';
import { writeJsonAtomic } from './write-json.js';

export interface ResolvedPlugin {
  name: string;
  version: string;
  implementation?: string;
  hash: string;
  dir: string;
}

/** `resolved.json`: everything a resume needs, frozen when the run started. */
export interface ResolvedRun {
  id: string;
  /** Absolute path of the workflow file the run started from (plugins are found again relative to it). */
  file: string;
  workflow: Workflow;
  params: Record<string, string | number | boolean>;
  /** Plugin per state name. */
  plugins: Record<string, ResolvedPlugin>;
  /**
   * The folder `ser-flow run` was started in: relative paths in params and inputs mean this folder, for every
   * step (which runs in its own output folder) and on a resume started elsewhere. Absent in older runs.
   */
  cwd?: string;
  created_at: string;
}

export function writeResolvedRun(runDir: string, resolved: ResolvedRun): void {
  writeJsonAtomic(getRunPaths(runDir).resolved, resolved);
}

export function readResolvedRun(runDir: string): ResolvedRun {
  return readJsonFileSync<ResolvedRun>(
    getRunPaths(runDir).resolved,
    'it holds the workflow, params and plugins the run started with, which nothing else records: start a new run (steps that succeeded are reused from the step cache)',
  );
}
