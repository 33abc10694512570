import type { Workflow } from '../../schemas/generated/workflow.js';
import { getEdges, getStates, type Edge } from '../validate/workflow-view.js';

export interface MermaidOptions {
  /** state → how many times it ran: shown on the node, and unvisited states are dimmed. */
  visited?: Record<string, number>;
  /** The state the run is in (or `done` / `failed`), highlighted. */
  current?: string;
}

const ARROWS: Record<Edge['kind'], string> = { next: '-->', branch: '-->', default: '-->', error: '-.->', exhausted: '-.->' };

/**
 * A Mermaid flowchart of a workflow: one node per state (step plugin and loop bound shown), guarded
 * branches as labelled edges, on_error / on_exhausted as dotted edges, and the `done` / `failed` terminals.
 * Back edges of loops show up as edges pointing upwards.
 */
export function toMermaid(workflow: Workflow, options: MermaidOptions = {}): string {
  const { visited, current } = options;
  const states = getStates(workflow);
  const lines = ['flowchart TD', `  ${START_ID}(( )) --> ${getNodeId(workflow.start)}`];
  for (const [name, state] of states) {
    const details = state.step ? [`<i>${escapeLabel(state.step)}</i>`] : [];
    if (state.max_visits !== undefined) details.push(`max ${state.max_visits} visits`);
    if (visited && visited[name]) details.push(`visited ×${visited[name]}`);
    lines.push(`  ${getNodeId(name)}["<b>${escapeLabel(name)}</b><br/>${details.join('<br/>')}"]`);
  }
  lines.push(`  ${getNodeId('done')}(["done"])`, `  ${getNodeId('failed')}(["failed"])`);
  for (const [name, state] of states) {
    for (const edge of getEdges(name, state)) {
      const label = getEdgeLabel(edge);
      lines.push(`  ${getNodeId(edge.from)} ${ARROWS[edge.kind]}${label ? `|"${escapeLabel(label)}"|` : ''} ${getNodeId(edge.to)}`);
    }
  }
  lines.push(
    '  classDef terminal fill:#eef,stroke:#557',
    '  classDef current fill:#ffd54f,stroke:#e65100,stroke-width:3px',
    '  classDef unvisited fill:#f5f5f5,stroke:#bbb,color:#999',
    `  class ${getNodeId('done')},${getNodeId('failed')} terminal`,
  );
  if (visited) {
    const unvisited = states.map(([name]) => name).filter((name) => !visited[name] && name !== current);
    if (unvisited.length) lines.push(`  class ${unvisited.map(getNodeId).join(',')} unvisited`);
  }
  if (current) lines.push(`  class ${getNodeId(current)} current`);
  return lines.join('\n') + '\n';
}

const START_ID = 'start__';

/** Mermaid ids must avoid keywords such as `end` and characters such as `-`: prefix and escape. */
export function getNodeId(state: string): string {
  return `s_${state.replace(/[^A-Za-z0-9_]/g, (c) => `_${c.charCodeAt(0).toString(16)}_`)}`;
}

function getEdgeLabel(edge: Edge): string | undefined {
  switch (edge.kind) {
    case 'branch':
      return (edge.label ?? '').replace(/^\s*\$\{\{\s*/, '').replace(/\s*\}\}\s*$/, '');
    case 'default':
      return 'else';
    case 'error':
      return 'on error';
    case 'exhausted':
      return 'max visits reached';
    default:
      return undefined;
  }
}

/** Mermaid labels are quoted strings: quotes and angle brackets become entities. */
function escapeLabel(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}
