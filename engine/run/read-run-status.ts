import type { RunContext } from '../compile/run-context.js';
import type { RunEvent } from '../store/run-events.js';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Workflow } from '../../schemas/workflow-types.js';
import { isRecord, readJsonIfPresentSync, readJsonLinesSync } from '../store/read-json.js';
import { getSnapshotState } from '../store/get-snapshot-state.js';
import { readUnfinishedStates } from '../store/read-unfinished-states.js';
import { getBlockName, getRunningStates, getStateEntries } from '../validate/workflow-view.js';
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
  /** For a member (`score[1]`) or a branch state: the parallel or for_each state it runs in. */
  block?: string;
  /** For a branch state: its branch of the parallel state. */
  branch?: string;
}

export interface RunStatusReport {
  id: string;
  dir: string;
  status: RunRecord['status'];
  /** For `running`: whether a ser-flow process still works on it (else it was killed and can be resumed). */
  live: boolean;
  /** A failed run: the state `resume` re-enters (a redrive); absent when no step failed (the workflow chose `failed`). */
  redriveFrom?: string;
  /** The state the run is in (or was in when interrupted); a block's name while inside a parallel or for_each state. */
  current?: string;
  /** The state ids running in it (or unfinished when interrupted): several inside a block. */
  running?: string[];
  error?: string;
  startedAt: string;
  finishedAt?: string;
  states: Record<string, StateStatus>;
}

/** The frozen workflow of the run, to place members and branch states under their block (a damaged one: no grouping). */
function readWorkflow(runDir: string): Workflow | undefined {
  try {
    const workflow = parse(readFileSync(getRunPaths(runDir).workflow, 'utf8')) as unknown;
    return isRecord(workflow) && isRecord(workflow.states) ? (workflow as unknown as Workflow) : undefined;
  } catch {
    return undefined;
  }
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
  const value = getSnapshotState(snapshot);
  const workflow = readWorkflow(runDir);
  const branches = new Map(workflow ? getStateEntries(workflow).map((entry) => [entry.name, entry.block?.branch]) : []);
  for (const name of Object.keys(states)) {
    const block = workflow && getBlockName(workflow, name);
    if (!block) continue;
    states[name].block = block;
    const branch = branches.get(name);
    if (branch !== undefined) states[name].branch = branch;
  }
  const running = workflow && value && (record.status === 'running' || record.status === 'cancelled') ? getRunningStates(workflow, value, readUnfinishedStates(runDir)) : [];
  const failedVisit = record.status === 'failed' ? getLastEnteredVisit(runDir) : undefined;
  // Inside a block the last entered state may be a cancelled sibling; a redrive re-enters the whole block.
  const redriveState = failedVisit && !hasVisitSucceeded(runDir, failedVisit) ? failedVisit.state : undefined;
  const redriveFrom = redriveState && ((workflow && getBlockName(workflow, redriveState)) || redriveState);
  return {
    id: record.id,
    dir: runDir,
    status: record.status,
    live: record.status === 'running' && isRunHeld(runDir),
    ...(value ? { current: value } : {}),
    ...(running.some((id) => id !== value) ? { running } : {}),
    ...(redriveFrom ? { redriveFrom } : {}),
    ...(record.error ? { error: record.error } : {}),
    startedAt: record.started_at,
    ...(record.finished_at ? { finishedAt: record.finished_at } : {}),
    states,
  };
}
