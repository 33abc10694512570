// Rebuilds what a run folder's damaged run.json or snapshot.json held from the files that are appended or
// written once: events.jsonl (which states were entered, how the run ended) and each visit's result.json.
import type { Snapshot } from 'xstate';
import type { Workflow } from '../../schemas/workflow-types.js';
import type { FanOuts } from '../compile/machine-layout.js';
import type { RunContext } from '../compile/run-context.js';
import { getMemberLists } from '../compile/step-inputs.js';
import { getBranches, getMemberId, getStateEntries, parseMemberId } from '../validate/workflow-view.js';
import { isRecord, readJsonIfPresentSync, readJsonLinesSync } from '../store/read-json.js';
import type { ResolvedRun } from '../store/resolved-run.js';
import { getRunPaths, getVisitPaths } from '../store/run-paths.js';
import type { RunRecord, RunStatus } from '../store/run-record.js';
import { resolveInitialVars } from './run-inputs.js';
import { makeStateSnapshot } from './state-snapshot.js';

export interface EnteredVisit {
  state: string;
  visit: number;
}

/** The state visit entered last (the one that failed, in a failed run), from events.jsonl. */
export function getLastEnteredVisit(runDir: string): EnteredVisit | undefined {
  return readEnteredVisits(runDir).at(-1);
}

function readOutputs(runDir: string, { state, visit }: EnteredVisit): Record<string, unknown> | undefined {
  const result = readJsonIfPresentSync<unknown>(getVisitPaths(runDir, state, visit).result);
  return isRecord(result) && isRecord(result.outputs) ? result.outputs : undefined;
}

/** Whether a visit succeeded (it has a result.json with outputs). */
export function hasVisitSucceeded(runDir: string, visit: EnteredVisit): boolean {
  return readOutputs(runDir, visit) !== undefined;
}

/** Whether top-level `state` is a block (a parallel or for_each state), whose members or branch states run inside it. */
function isBlock(workflow: Workflow, state: string): boolean {
  const definition = workflow.states[state];
  return definition !== undefined && (definition.for_each !== undefined || getBranches(definition).length > 0);
}

/** The `state-entered` events, in order. */
function readEnteredVisits(runDir: string): EnteredVisit[] {
  return readJsonLinesSync(getRunPaths(runDir).events).flatMap((event) =>
    event.type === 'state-entered' && typeof event.state === 'string' && typeof event.visit === 'number' ? [{ state: event.state, visit: event.visit }] : [],
  );
}

/** The top-level state entered last, and the visits entered inside it since (a block's members and branch states). */
function getLastTopLevelVisit(workflow: Workflow, entered: EnteredVisit[]): { current?: EnteredVisit; inner: EnteredVisit[]; finished: EnteredVisit[] } {
  const branchStates = new Set(getStateEntries(workflow).flatMap(({ name, block }) => (block ? [name] : [])));
  let current: EnteredVisit | undefined;
  let inner: EnteredVisit[] = [];
  const finished: EnteredVisit[] = [];
  for (const visit of entered) {
    if (parseMemberId(visit.state) || branchStates.has(visit.state)) {
      inner.push(visit);
      continue;
    }
    // Entering a top-level state ends the previous one, and every visit inside it.
    if (current) finished.push(current, ...inner);
    current = visit;
    inner = [];
  }
  return { ...(current ? { current } : {}), inner, finished };
}

/**
 * The visits to restore so that entering `current` runs its visit again: a block's members share its visit; a branch
 * state goes back to the visit it had when the block was entered (the branch re-runs from its start, reusing results).
 */
function getEntryVisits(workflow: Workflow, fanOuts: FanOuts, current: EnteredVisit, inner: EnteredVisit[]): Record<string, number> {
  const visits: Record<string, number> = { [current.state]: current.visit };
  (fanOuts[current.state] ?? []).forEach((_, k) => (visits[getMemberId(current.state, k)] = current.visit));
  if (workflow.states[current.state]?.for_each !== undefined) return visits;
  for (const { state, visit } of inner) visits[state] = Math.min(visits[state] ?? visit, visit);
  return visits;
}

/** The machine context and current state as events.jsonl and the result files tell them (vars start over from their initial values). */
function rebuildContext(runDir: string, resolved: ResolvedRun, fanOuts: FanOuts): { context: RunContext; current: EnteredVisit } {
  const { workflow } = resolved;
  const run = { id: resolved.id, dir: runDir };
  const context: RunContext = { params: resolved.params, run, visits: {}, states: {}, ...(workflow.vars ? { vars: resolveInitialVars(workflow, resolved.params, run) } : {}) };
  const { current = { state: workflow.start, visit: 0 }, inner, finished } = getLastTopLevelVisit(workflow, readEnteredVisits(runDir));
  for (const visit of [...finished, ...inner]) {
    const outputs = readOutputs(runDir, visit);
    if (outputs) context.states[visit.state] = { outputs };
  }
  for (const visit of finished) context.visits[visit.state] = Math.max(context.visits[visit.state] ?? 0, visit.visit + 1);
  for (const [name, items] of Object.entries(fanOuts)) {
    if (context.visits[name] !== undefined) context.states[name] = { outputs: getMemberLists(context, name, items.length) };
  }
  const entry = getEntryVisits(workflow, fanOuts, current, inner);
  for (const [state, visit] of Object.entries(entry)) if (visit > 0 || context.visits[state] !== undefined) context.visits[state] = visit;
  if (isBlock(workflow, current.state)) context.block = { name: current.state, visits: { ...context.visits }, ...(context.vars ? { vars: context.vars } : {}) };
  return { context, current };
}

/** A snapshot in the state the run was last in, its visit about to run (reused if it had already finished). */
export function rebuildSnapshot(runDir: string, resolved: ResolvedRun, fanOuts: FanOuts = {}): Snapshot<unknown> {
  const { context, current } = rebuildContext(runDir, resolved, fanOuts);
  return makeStateSnapshot(resolved.workflow, fanOuts, current.state, context);
}

/** Where a redrive of a failed run re-enters, and the visits inside it that did not succeed (they get a fresh retry budget). */
export interface RedrivePoint {
  state: string;
  context: RunContext;
  unfinished: EnteredVisit[];
}

/**
 * The failed run's last top-level state, re-entered: a step state at the visit that failed; a block at the visit
 * it was in, its members and branch states rolled back to the block's entry (finished ones reuse their results)
 * and vars as they were on entry. Undefined when every visit there succeeded (the workflow itself chose failed).
 */
export function getRedrivePoint(runDir: string, workflow: Workflow, fanOuts: FanOuts, context: RunContext): RedrivePoint | undefined {
  const { current, inner } = getLastTopLevelVisit(workflow, readEnteredVisits(runDir));
  if (!current) return undefined;
  const candidates = isBlock(workflow, current.state) ? inner : [current];
  const unfinished = candidates.filter((visit, i) => !hasVisitSucceeded(runDir, visit) && candidates.findIndex((v) => v.state === visit.state && v.visit === visit.visit) === i);
  if (unfinished.length === 0) return undefined;
  const next: RunContext = { ...context, visits: { ...context.visits, ...getEntryVisits(workflow, fanOuts, current, inner) } };
  if (context.block?.name === current.state && context.block.vars) next.vars = context.block.vars;
  // Entered afresh: no region has failed yet.
  if (isBlock(workflow, current.state)) next.block = { name: current.state, visits: { ...next.visits }, ...(next.vars ? { vars: next.vars } : {}) };
  delete next.error;
  return { state: current.state, context: next, unfinished };
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
