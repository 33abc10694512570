// The run graph as SVG: dagre computes positions, this file draws boxes and edges. No browser needed.
import dagre, { type Edge } from '@dagrejs/dagre';
import type { Workflow } from '../../schemas/generated/workflow.js';
import { escapeHtml } from './escape-html.js';
import { getWorkflowEdges, type Edge as WorkflowEdge } from '../validate/workflow-view.js';

export interface GraphHighlight {
  /** state → number of visits so far. */
  visited?: Record<string, number>;
  current?: string;
  /** Final state the run ended in. */
  final?: string;
}

const FONT_SIZE = 13;
const CHAR_WIDTH = 7.4;
const EDGE_STYLE: Record<WorkflowEdge['kind'], string> = {
  next: 'stroke:#555',
  branch: 'stroke:#555',
  default: 'stroke:#555',
  error: 'stroke:#c0392b;stroke-dasharray:5 3',
  exhausted: 'stroke:#b9770e;stroke-dasharray:2 3',
};

/** `${{ expr }}` → `expr`, shortened for an edge label. */
function getConditionLabel(condition: string): string {
  const inner = condition.replace(/^\s*\$\{\{\s*/, '').replace(/\s*\}\}\s*$/, '');
  return inner.length > 40 ? `${inner.slice(0, 39)}…` : inner;
}

/** The label drawn on an edge: the branch's condition, `else`, `on error` or `exhausted`. */
export function getEdgeLabel(edge: WorkflowEdge): string | undefined {
  if (edge.kind === 'branch') return edge.label === undefined ? undefined : getConditionLabel(edge.label);
  return { next: undefined, default: 'else', error: 'on error', exhausted: 'exhausted' }[edge.kind];
}

function getNodeLines(name: string, workflow: Workflow, visits: number | undefined): string[] {
  const state = workflow.states[name];
  if (!state) return [name];
  const lines = state.step ? [name, state.step] : [name];
  if (visits) lines.push(state.max_visits ? `visits ${visits}/${state.max_visits}` : `visits ${visits}`);
  return lines;
}

function getNodeStyle(name: string, highlight: GraphHighlight, isTerminal: boolean): string {
  if (name === highlight.current) return 'fill:#fff3cd;stroke:#e67e22;stroke-width:3';
  if (name === highlight.final) return name === 'failed' ? 'fill:#f8d7da;stroke:#c0392b;stroke-width:3' : 'fill:#d4edda;stroke:#1e8449;stroke-width:3';
  if (highlight.visited?.[name]) return 'fill:#e3f2e1;stroke:#1e8449;stroke-width:1.5';
  return isTerminal ? 'fill:#f4f4f4;stroke:#888;stroke-width:1' : 'fill:#fff;stroke:#888;stroke-width:1';
}

function getPathData(points: { x: number; y: number }[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
}

/** Lays out the workflow's states and transitions and returns a standalone `<svg>` element. */
export function renderGraphSvg(workflow: Workflow, highlight: GraphHighlight = {}): string {
  const edges = getWorkflowEdges(workflow);
  const names = [...Object.keys(workflow.states)];
  for (const edge of edges) if (!names.includes(edge.to)) names.push(edge.to);
  const graph = new dagre.graphlib.Graph({ multigraph: true });
  graph.setGraph({ rankdir: 'TB', nodesep: 40, ranksep: 50, marginx: 16, marginy: 16 });
  graph.setDefaultEdgeLabel(() => ({}));
  graph.setNode('__start', { width: 14, height: 14 });
  for (const name of names) {
    const lines = getNodeLines(name, workflow, highlight.visited?.[name]);
    const width = Math.max(...lines.map((l) => l.length)) * CHAR_WIDTH + 24;
    graph.setNode(name, { width, height: lines.length * (FONT_SIZE + 4) + 14, lines });
  }
  graph.setEdge('__start', workflow.start, {}, 'start');
  edges.forEach((edge, i) => {
    const label = getEdgeLabel(edge) ?? '';
    graph.setEdge(edge.from, edge.to, { label, width: label.length * 6.4, height: label ? 14 : 0, labelpos: 'c' }, `e${i}`);
  });
  dagre.layout(graph);

  const parts: string[] = [];
  graph.edges().forEach((e: Edge) => {
    const data = graph.edge(e) as { points: { x: number; y: number }[]; label?: string; x?: number; y?: number };
    const edge = e.name?.startsWith('e') ? edges[Number(e.name.slice(1))] : undefined;
    const style = edge ? EDGE_STYLE[edge.kind] : EDGE_STYLE.next;
    parts.push(`<path class="edge" d="${getPathData(data.points)}" style="fill:none;stroke-width:1.4;${style}" marker-end="url(#arrow)"/>`);
    if (data.label && data.x !== undefined && data.y !== undefined) {
      parts.push(`<text class="edge-label" x="${data.x.toFixed(1)}" y="${(data.y + 4).toFixed(1)}" text-anchor="middle" font-size="11" font-family="sans-serif" fill="#444" paint-order="stroke" stroke="white" stroke-width="3">${escapeHtml(data.label)}</text>`);
    }
  });
  const start = graph.node('__start');
  parts.push(`<circle class="start" cx="${start.x}" cy="${start.y}" r="6" fill="#333"/>`);
  for (const name of names) {
    const node = graph.node(name) as { x: number; y: number; width: number; height: number; lines: string[] };
    const isTerminal = !workflow.states[name];
    const x = node.x - node.width / 2;
    const y = node.y - node.height / 2;
    const classes = ['node', name === highlight.current ? 'current' : '', highlight.visited?.[name] ? 'visited' : ''].filter(Boolean).join(' ');
    const text = node.lines
      .map((line, i) => `<tspan x="${node.x.toFixed(1)}" dy="${i === 0 ? 0 : FONT_SIZE + 4}"${i === 0 ? ' font-weight="bold"' : ' fill="#555"'}>${escapeHtml(line)}</tspan>`)
      .join('');
    parts.push(
      `<g class="${classes}" data-state="${escapeHtml(name)}" data-visits="${highlight.visited?.[name] ?? 0}">` +
        `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${node.width.toFixed(1)}" height="${node.height.toFixed(1)}" rx="${isTerminal ? node.height / 2 : 6}" style="${getNodeStyle(name, highlight, isTerminal)}"/>` +
        `<text x="${node.x.toFixed(1)}" y="${(y + 7 + FONT_SIZE).toFixed(1)}" text-anchor="middle" font-size="${FONT_SIZE}" font-family="sans-serif">${text}</text></g>`,
    );
  }
  const size = graph.graph() as { width?: number; height?: number };
  const width = Math.ceil(size.width ?? 100);
  const height = Math.ceil(size.height ?? 100);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="run-graph" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="workflow graph">` +
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>` +
    `<rect width="100%" height="100%" fill="white"/>${parts.join('')}</svg>`
  );
}
