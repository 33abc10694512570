// Rebuilds what a run folder's damaged run.json or snapshot.json held from the files that are appended or
// written once: events.jsonl (which states were entered, how the run ended) and each visit's result.json.
import type { Snapshot } from 'xstate';
import type { RunContext } from '../compile/run-context.js';
import { isRecord, readJsonIfPresentSync, readJsonLinesSync } from '../store/read-json.js';
import type { ResolvedRun } from '../store/resolved-run.js';
import { getRunPaths, getVisitPaths } from '../store/run-paths.js';
import type { RunRecord, RunStatus } from '../store/run-record.js';
import { makeStateSnapshot } from './state-snapshot.js';

export interface EnteredVisit {
  state: string;
  visit: number;
}

/** The state visit entered last (the one that failed, in a failed run), from events.jsonl. */
export function getLastEnteredVisit(runDir: string): EnteredVisit | undefined {
  let last: EnteredVisit | undefined;
  for (const event of readJsonLinesSync(getRunPaths(runDir).events)) {
    if (event.type === 'state-entered' && typeof event.state === 'string' && typeof event.visit === 'number') last = { state: event.state, visit: event.visit };
  }
  return last;
}

function readOutputs(runDir: string, { state, visit }: EnteredVisit): Record<string, unknown> | undefined {
  const result = readJsonIfPresentSync<unknown>(getVisitPaths(runDir, state, visit).result);
  return isRecord(result) && isRecord(result.outputs) ? result.outputs : undefined;
}

/** Whether a visit succeeded (it has a result.json with outputs). */
export function hasVisitSucceeded(runDir: string, visit: EnteredVisit): boolean {
  return readOutputs(runDir, visit) !== undefined;
}

/** The machine context and current state as events.jsonl and the result files tell them. */
function rebuildContext(runDir: string, resolved: ResolvedRun): { context: RunContext; current: EnteredVisit } {
  const context: RunContext = { params: resolved.params, run: { id: resolved.id, dir: runDir }, visits: {}, states: {} };
  let current: EnteredVisit | undefined;
  for (const event of readJsonLinesSync(getRunPaths(runDir).events)) {
    if (event.type !== 'state-entered' || typeof event.state !== 'string' || typeof event.visit !== 'number') continue;
    if (current) {
      // Entering a state ends the previous visit; its result.json says whether it recorded outputs.
      context.visits[current.state] = Math.max(context.visits[current.state] ?? 0, current.visit + 1);
      const outputs = readOutputs(runDir, current);
      if (outputs) context.states[current.state] = { outputs };
    }
    current = { state: event.state, visit: event.visit };
    if (current.visit > 0) context.visits[current.state] = current.visit;
  }
  return { context, current: current ?? { state: resolved.workflow.start, visit: 0 } };
}

/** A snapshot in the state the run was last in, its visit about to run (reused if it had already finished). */
export function rebuildSnapshot(runDir: string, resolved: ResolvedRun): Snapshot<unknown> {
  const { context, current } = rebuildContext(runDir, resolved);
  return makeStateSnapshot(current.state, context);
}

/** run.json from resolved.json and events.jsonl: how the last session ended, or `running` if it did not. */
export function rebuildRecord(runDir: string, resolved: ResolvedRun): RunRecord {
  let status: RunStatus = 'running';
  let error: string | undefined;
  let resumes = 0;
  for (const event of readJsonLinesSync(getRunPaths(runDir).events)) {
    if (event.type === 'run-started') {
      status = 'running';
      error = undefined;
      if (event.resumed === true) resumes += 1;
    }
    if (event.type === 'run-finished' && typeof event.status === 'string') {
      status = event.status as RunStatus;
      error = typeof event.error === 'string' ? event.error : undefined;
    }
  }
  const now = new Date().toISOString();
  return { id: resolved.id, workflow: resolved.workflow.name, status, started_at: resolved.created_at, updated_at: now, resumes, ...(error ? { error } : {}) };
}
