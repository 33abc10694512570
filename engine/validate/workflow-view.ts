import { isRecord } from '../store/read-json.js';
import type { GuardedTransition, State, Workflow } from '../../schemas/generated/workflow.js';

/** The two final states every workflow can target. */
export const FINAL_STATES = ['done', 'failed'] as const;

/**
 * Semantic checks also run on documents that failed the schema (so every problem shows at once);
 * these accessors hand them only well-shaped pieces.
 */
export function getStates(workflow: Workflow): [string, State][] {
  const states = (workflow as { states?: unknown }).states;
  if (!isRecord(states)) return [];
  // A state named like a final state is a schema error already; checking it as a state too only adds noise.
  return Object.entries(states).filter(
    (entry): entry is [string, State] => isRecord(entry[1]) && !(FINAL_STATES as readonly string[]).includes(entry[0]),
  );
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
export function getEdges(name: string, state: State): Edge[] {
  const edges: Edge[] = [];
  const base = ['states', name];
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
  return getStates(workflow).flatMap(([name, state]) => getEdges(name, state));
}
