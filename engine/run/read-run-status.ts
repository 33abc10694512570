import type { RunContext } from '../compile/run-context.js';
import type { RunEvent } from '../store/run-events.js';
import { readJsonIfPresentSync, readJsonLinesSync } from '../store/read-json.js';
import { getLastEnteredVisit, hasVisitSucceeded } from './rebuild-run-files.js';
import { getRunPaths } from '../store/run-paths.js';
import { isRunHeld } from '../store/run-lock.js';
import { readRunRecord, type RunRecord } from '../store/run-record.js';

export interface StateStatus {
  visits: number;
  attempts: number;
  failedAttempts: number;
  /** Time spent in attempts. */
  durationMs: number;
  outputs?: Record<string, unknown>;
  /** Started attempts without an end: running now when the run is live, else interrupted. */
  unfinishedAttempts: number;
}

export interface RunStatusReport {
  id: string;
  dir: string;
  status: RunRecord['status'];
  /** For `running`: whether a ser-flow process still works on it (else it was killed and can be resumed). */
  live: boolean;
  /** A failed run: the state `resume` re-enters (a redrive); absent when no step failed (the workflow chose `failed`). */
  redriveFrom?: string;
  /** The state the run is in (or was in when interrupted). */
  current?: string;
  error?: string;
  startedAt: string;
  finishedAt?: string;
  states: Record<string, StateStatus>;
}

/** Everything `ser-flow status` shows, read from run.json, snapshot.json and events.jsonl (no side effects). */
export function readRunStatus(runDir: string): RunStatusReport {
  const paths = getRunPaths(runDir);
  const record = readRunRecord(runDir);
  const snapshot = readJsonIfPresentSync<{ value: unknown; status: string; context: RunContext }>(paths.snapshot);
  const states: Record<string, StateStatus> = {};
  const getState = (name: string) => (states[name] ??= { visits: 0, attempts: 0, failedAttempts: 0, durationMs: 0, unfinishedAttempts: 0 });
  for (const event of readJsonLinesSync(paths.events) as RunEvent[]) {
    if (event.type === 'attempt-started') getState(event.state).unfinishedAttempts += 1;
    if (event.type !== 'attempt-finished') continue;
    const state = getState(event.state);
    state.unfinishedAttempts -= 1;
    state.attempts += 1;
    if (!event.ok && !event.cancelled) state.failedAttempts += 1;
    state.durationMs += event.duration_ms;
  }
  const context = snapshot?.context;
  for (const [name, visits] of Object.entries(context?.visits ?? {})) getState(name).visits = visits;
  for (const [name, { outputs }] of Object.entries(context?.states ?? {})) getState(name).outputs = outputs;
  const value = typeof snapshot?.value === 'string' ? snapshot.value : undefined;
  const failedVisit = record.status === 'failed' ? getLastEnteredVisit(runDir) : undefined;
  const redriveFrom = failedVisit && !hasVisitSucceeded(runDir, failedVisit) ? failedVisit.state : undefined;
  return {
    id: record.id,
    dir: runDir,
    status: record.status,
    live: record.status === 'running' && isRunHeld(runDir),
    ...(value ? { current: value } : {}),
    ...(redriveFrom ? { redriveFrom } : {}),
    ...(record.error ? { error: record.error } : {}),
    startedAt: record.started_at,
    ...(record.finished_at ? { finishedAt: record.finished_at } : {}),
    states,
  };
}
