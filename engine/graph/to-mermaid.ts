import type { State, Workflow } from '../../schemas/workflow-types.js';
import { getBranches, getEdges, getMemberId, getStateEntries, isForEach, type Edge } from '../validate/workflow-view.js';

export interface MermaidOptions {
  /** state id → how many times it ran: shown on the node, and unvisited states are dimmed. */
  visited?: Record<string, number>;
  /** The state the run is in (or `done` / `failed`), highlighted; a block's name while the run is inside it. */
  current?: string;
  /** Every state id running now (several inside a block), highlighted too. */
  running?: string[];
  /** for_each state → its resolved list: drawn as one node per member; a for_each state without one is one node. */
  fanOuts?: Record<string, unknown[]>;
}

const ARROWS: Record<Edge['kind'], string> = { next: '-->', branch: '-->', default: '-->', error: '-.->', exhausted: '-.->' };
const CURRENT_STYLE = 'fill:#fff8e1,stroke:#e65100,stroke-width:3px';

/**
 * A Mermaid flowchart of a workflow: one node per state (step plugin and loop bound shown), guarded
 * branches as labelled edges, on_error / on_exhausted as dotted edges, and the `done` / `failed` terminals.
 * Back edges of loops show up as edges pointing upwards. A parallel state is a subgraph holding one subgraph
 * per branch (its own start and end); a for_each state is a subgraph of its members, side by side. Edges into
 * and out of a block attach to its subgraph.
 */
export function toMermaid(workflow: Workflow, options: MermaidOptions = {}): string {
  const { visited, current, running = [], fanOuts = {} } = options;
  const states = getStateEntries(workflow).flatMap(({ name, state, block }) => (block ? [] : [[name, state] as const]));
  const lines = ['flowchart TD', `  ${START_ID}(( )) --> ${getNodeId(workflow.start)}`];
  const nodes: string[] = [];
  const blocks: string[] = [];
  const terminals = [getNodeId('done'), getNodeId('failed')];
  const edges: string[] = [];
  for (const [name, state] of states) {
    const details = getDetails(state, visited?.[name]);
    const branches = getBranches(state);
    const members = fanOuts[name];
    if (branches.length > 0) {
      blocks.push(name);
      lines.push(`  subgraph ${getNodeId(name)}["<b>${escapeLabel(name)}</b><br/>${['parallel', ...details].join('<br/>')}"]`);
      for (const [branch, body] of branches) {
        const branchId = getNodeId(`${name}/${branch}`);
        const startId = getNodeId(`${name}/${branch}/start`);
        const endId = getNodeId(`${name}/${branch}/done`);
        terminals.push(endId);
        lines.push(`    subgraph ${branchId}["${escapeLabel(branch)}"]`, `      ${startId}(( )) --> ${getNodeId(body.start)}`);
        for (const [inner, innerState] of Object.entries(body.states ?? {})) {
          nodes.push(inner);
          lines.push(`      ${getNodeLine(inner, getDetails(innerState as State, visited?.[inner]))}`);
        }
        lines.push(`      ${endId}(["end of ${escapeLabel(branch)}"])`, '    end');
        for (const [inner, innerState] of Object.entries(body.states ?? {})) {
          // Inside a branch, `done` ends the branch and `failed` fails the block (which then takes its on_error).
          const targets: Record<string, string> = { done: endId, failed: getNodeId(state.on_error ?? 'failed') };
          edges.push(...getEdges(inner, innerState as State).map((edge) => formatEdge(edge, targets[edge.to])));
        }
      }
      lines.push('  end');
    } else if (isForEach(state) && members) {
      blocks.push(name);
      lines.push(`  subgraph ${getNodeId(name)}["<b>${escapeLabel(name)}</b><br/>${[`for each × ${members.length}`, ...details].join('<br/>')}"]`);
      for (let k = 0; k < members.length; k++) {
        const member = getMemberId(name, k);
        nodes.push(member);
        lines.push(`    ${getNodeLine(member, getDetails({ step: state.step } as State, visited?.[member]))}`);
      }
      lines.push('  end');
    } else {
      nodes.push(name);
      lines.push(`  ${getNodeLine(name, isForEach(state) ? ['for each', ...details] : details)}`);
    }
    edges.push(...getEdges(name, state).map((edge) => formatEdge(edge)));
  }
  lines.push(`  ${getNodeId('done')}(["done"])`, `  ${getNodeId('failed')}(["failed"])`, ...edges);
  lines.push(
    '  classDef terminal fill:#eef,stroke:#557',
    '  classDef current fill:#ffd54f,stroke:#e65100,stroke-width:3px',
    '  classDef unvisited fill:#f5f5f5,stroke:#bbb,color:#999',
    `  class ${terminals.join(',')} terminal`,
  );
  const highlighted = [...(current && !blocks.includes(current) ? [current] : []), ...running.filter((id) => id !== current)];
  if (visited) {
    const unvisited = nodes.filter((name) => !visited[name] && !highlighted.includes(name));
    if (unvisited.length) lines.push(`  class ${unvisited.map(getNodeId).join(',')} unvisited`);
  }
  // Mermaid applies `class` to nodes only; a subgraph takes `style`.
  if (current && blocks.includes(current)) lines.push(`  style ${getNodeId(current)} ${CURRENT_STYLE}`);
  if (highlighted.length) lines.push(`  class ${highlighted.map(getNodeId).join(',')} current`);
  return lines.join('\n') + '\n';
}

const START_ID = 'start__';

/** Mermaid ids must avoid keywords such as `end` and characters such as `-`: prefix and escape. */
export function getNodeId(state: string): string {
  return `s_${state.replace(/[^A-Za-z0-9_]/g, (c) => `_${c.charCodeAt(0).toString(16)}_`)}`;
}

function getDetails(state: State, visits: number | undefined): string[] {
  const details = state.step ? [`<i>${escapeLabel(state.step)}</i>`] : [];
  if (state.max_visits !== undefined) details.push(`max ${state.max_visits} visits`);
  if (visits) details.push(`visited ×${visits}`);
  return details;
}

function getNodeLine(name: string, details: string[]): string {
  return `${getNodeId(name)}["<b>${escapeLabel(name)}</b><br/>${details.join('<br/>')}"]`;
}

function formatEdge(edge: Edge, target = getNodeId(edge.to)): string {
  const label = getEdgeLabel(edge);
  return `  ${getNodeId(edge.from)} ${ARROWS[edge.kind]}${label ? `|"${escapeLabel(label)}"|` : ''} ${target}`;
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
