import type { Workflow } from '../../schemas/generated/workflow.js';

export interface WorkflowEdge {
  from: string;
  to: string;
  kind: 'next' | 'branch' | 'error' | 'exhausted';
  label?: string;
}

/** `${{ expr }}` → `expr`, shortened for an edge label. */
function getConditionLabel(condition: string): string {
  const inner = condition.replace(/^\s*\$\{\{\s*/, '').replace(/\s*\}\}\s*$/, '');
  return inner.length > 40 ? `${inner.slice(0, 39)}…` : inner;
}

/** Every transition of a workflow, in declaration order, including error and exhaustion exits. */
export function getWorkflowEdges(workflow: Workflow): WorkflowEdge[] {
  const edges: WorkflowEdge[] = [];
  for (const [from, state] of Object.entries(workflow.states)) {
    if (typeof state.next === 'string') {
      edges.push({ from, to: state.next, kind: 'next' });
    } else {
      for (const branch of state.next) {
        edges.push({ from, to: branch.next, kind: 'branch', label: branch.if ? getConditionLabel(branch.if) : 'else' });
      }
    }
    if (state.on_error) edges.push({ from, to: state.on_error, kind: 'error', label: 'on error' });
    if (state.on_exhausted) edges.push({ from, to: state.on_exhausted, kind: 'exhausted', label: 'exhausted' });
  }
  return edges;
}
