import { readJsonFileSync } from './read-json.js';
import { getRunPaths } from './run-paths.js';
import { writeJsonAtomic } from './write-json.js';

export type RunStatus = 'running' | 'done' | 'failed' | 'cancelled';

/** `run.json`: the run's status at a glance. */
export interface RunRecord {
  id: string;
  workflow: string;
  status: RunStatus;
  /** ISO timestamps. */
  started_at: string;
  updated_at: string;
  finished_at?: string;
  /** Why the run failed or was cancelled. */
  error?: string;
  /** Latest outputs per state once the run has finished. */
  outputs?: Record<string, Record<string, unknown>>;
  /** How many times the run was resumed. */
  resumes: number;
}

export function writeRunRecord(runDir: string, record: RunRecord): void {
  writeJsonAtomic(getRunPaths(runDir).record, { ...record, updated_at: new Date().toISOString() });
}

export function readRunRecord(runDir: string): RunRecord {
  return readJsonFileSync<RunRecord>(getRunPaths(runDir).record, 'ser-flow resume rebuilds it from resolved.json and events.jsonl');
}
