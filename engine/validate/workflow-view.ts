import { isRecord } from '../store/read-json.js';
import type { Branch, GuardedTransition, State, Workflow } from '../../schemas/workflow-types.js';

/** The two final states every workflow can target. */
export const FINAL_STATES = ['done', 'failed'] as const;

/**
 * Semantic checks also run on documents that failed the schema (so every problem shows at once);
 * these accessors hand them only well-shaped pieces.
 */
export function getStates(workflow: Workflow): [string, State][] {
  return getStateEntries(workflow).map(({ name, state }) => [name, state]);
}

/** Where a state is written: top level, or inside branch `branch` of the parallel state `block`. */
export interface StateEntry {
  name: string;
  state: State;
  /** Document path of the state, e.g. ['states', 'p', 'parallel', 'b', 'states', 'x']. */
  path: (string | number)[];
  block?: { name: string; branch: string };
}

/** Every named state: top-level ones (a parallel state included), then each branch's states after their block. */
export function getStateEntries(workflow: Workflow): StateEntry[] {
  const entries: StateEntry[] = [];
  for (const [name, state] of getStateMap((workflow as { states?: unknown }).states)) {
    entries.push({ name, state, path: ['states', name] });
    for (const [branch, body] of getBranches(state)) {
      for (const [inner, innerState] of getStateMap(body.states)) {
        entries.push({ name: inner, state: innerState, path: ['states', name, 'parallel', branch, 'states', inner], block: { name, branch } });
      }
    }
  }
  return entries;
}

/** The branches of a parallel state (none for a step state). */
export function getBranches(state: State): [string, Branch][] {
  const parallel = (state as { parallel?: unknown }).parallel;
  if (!isRecord(parallel)) return [];
  return Object.entries(parallel).filter((entry): entry is [string, Branch] => isRecord(entry[1]));
}

function getStateMap(states: unknown): [string, State][] {
  if (!isRecord(states)) return [];
  // A state named like a final state is a schema error already; checking it as a state too only adds noise.
  return Object.entries(states).filter(
    (entry): entry is [string, State] => isRecord(entry[1]) && !(FINAL_STATES as readonly string[]).includes(entry[0]),
  );
}

/** The state id of member `index` of a for_each state: `score[1]` (its step folder, events and report refs). */
export function getMemberId(state: string, index: number): string {
  return `${state}[${index}]`;
}

/** `score[1]` → {state: 'score', index: 1}; undefined for a plain state name. */
export function parseMemberId(id: string): { state: string; index: number } | undefined {
  const match = /^(.+)\[(\d+)\]$/.exec(id);
  return match ? { state: match[1], index: Number(match[2]) } : undefined;
}

/** Whether a state fans out over a list (`for_each`): its steps run as members `name[0]`, `name[1]`, …. */
export function isForEach(state: State | undefined): boolean {
  return state !== undefined && (state as { for_each?: unknown }).for_each !== undefined;
}

/** The block a state id runs in: `score` for the member `score[1]`, `p` for a state of a branch of `p`; undefined at top level. */
export function getBlockName(workflow: Workflow, id: string): string | undefined {
  const member = parseMemberId(id);
  if (member) return member.state;
  return getStateEntries(workflow).find((entry) => entry.name === id)?.block?.name;
}

/** Where a state id sits in its block, to list a block's states in a fixed order: a member's index, a branch state's branch in declaration order; 0 at top level. */
export function getBlockPosition(workflow: Workflow, id: string): number {
  const member = parseMemberId(id);
  if (member) return member.index;
  const entry = getStateEntries(workflow).find((e) => e.name === id)?.block;
  return entry ? getBranches(workflow.states[entry.name]!).findIndex(([branch]) => branch === entry.branch) : 0;
}

/**
 * The states a run is in now, from the state its snapshot names (`current`, a block's name when the run is
 * inside a parallel or for_each state) and the states entered and not finished (events and result files).
 * Without a snapshot every unfinished state counts.
 */
export function getRunningStates(workflow: Workflow, current: string | undefined, unfinished: string[]): string[] {
  if (current === undefined) return unfinished;
  if ((FINAL_STATES as readonly string[]).includes(current)) return [];
  const inBlock = unfinished.filter((id) => getBlockName(workflow, id) === current);
  const state = (workflow.states as Record<string, State> | undefined)?.[current];
  return state && (isForEach(state) || getBranches(state).length > 0) ? inBlock : [current];
}

/**
 * The member lists a view can know without resolving params: for_each lists written literally, and for a run
 * the members its state ids show (`score[0]`, `score[1]` → two members of `score`; the items themselves unknown).
 */
export function getKnownFanOuts(workflow: Workflow, runStateIds: Iterable<string> = []): Record<string, unknown[]> {
  const fanOuts: Record<string, unknown[]> = {};
  for (const [name, state] of getStates(workflow)) {
    const list = (state as { for_each?: unknown }).for_each;
    if (Array.isArray(list)) fanOuts[name] = list;
  }
  for (const id of runStateIds) {
    const member = parseMemberId(id);
    if (!member || (fanOuts[member.state]?.length ?? 0) > member.index) continue;
    fanOuts[member.state] = Array.from({ length: member.index + 1 }, (_, k) => fanOuts[member.state]?.[k]);
  }
  return fanOuts;
}

export interface Edge {
  from: string;
  to: string;
  kind: 'next' | 'branch' | 'default' | 'error' | 'exhausted';
  /** The guard (branch only), as written. */
  label?: string;
  path: (string | number)[];
}

/** Every transition a state can take, with the document path of its target. */
export function getEdges(name: string, state: State, base: (string | number)[] = ['states', name]): Edge[] {
  const edges: Edge[] = [];
  const next = state.next as unknown;
  if (typeof next === 'string') edges.push({ from: name, to: next, kind: 'next', path: [...base, 'next'] });
  if (Array.isArray(next)) {
    next.forEach((branch: unknown, i) => {
      if (!isRecord(branch) || typeof branch.next !== 'string') return;
      const guard = (branch as unknown as GuardedTransition).if;
      edges.push({
        from: name,
        to: branch.next,
        kind: typeof guard === 'string' ? 'branch' : 'default',
        ...(typeof guard === 'string' ? { label: guard } : {}),
        path: [...base, 'next', i, 'next'],
      });
    });
  }
  if (typeof state.on_error === 'string') edges.push({ from: name, to: state.on_error, kind: 'error', path: [...base, 'on_error'] });
  if (typeof state.on_exhausted === 'string') edges.push({ from: name, to: state.on_exhausted, kind: 'exhausted', path: [...base, 'on_exhausted'] });
  return edges;
}

/** Every transition of a workflow, in declaration order (the validator, plan, graph and report all draw from this). */
export function getWorkflowEdges(workflow: Workflow): Edge[] {
  return getStateEntries(workflow).flatMap(({ name, state, path }) => getEdges(name, state, path));
}
