// The run graph as SVG: dagre computes positions, this file draws boxes and edges. No browser needed.
import dagre, { type Edge } from '@dagrejs/dagre';
import type { State, Workflow } from '../../schemas/workflow-types.js';
import { escapeHtml } from './escape-html.js';
import { getBranches, getEdges, getMemberId, getStateEntries, isForEach, type Edge as WorkflowEdge } from '../validate/workflow-view.js';

export interface GraphHighlight {
  /** state → number of visits so far. */
  visited?: Record<string, number>;
  current?: string;
  /** Final state the run ended in. */
  final?: string;
  /** Every state id running now (several inside a block). */
  running?: string[];
  /** for_each state → its list (or a list as long as its members): its members are drawn; else the state is one node. */
  fanOuts?: Record<string, unknown[]>;
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

/** What a node of the layout draws: a state box, a terminal, or the fork / join bar of a block. */
interface NodeSpec {
  /** The state id (or terminal) the node stands for; a bar's is its block's name. */
  state: string;
  kind: 'state' | 'terminal' | 'bar';
  lines: string[];
}

/** A parallel or for_each state drawn as a box around its branches or members. */
interface ClusterSpec {
  id: string;
  label: string;
  /** The block state's name (highlighted while the run is in it); undefined for a branch's box. */
  block?: string;
}

function getNodeLines(name: string, state: State | undefined, visits: number | undefined): string[] {
  if (!state) return [name];
  const lines = state.step ? [name, state.step] : [name];
  if (visits) lines.push(state.max_visits ? `visits ${visits}/${state.max_visits}` : `visits ${visits}`);
  return lines;
}

function getNodeStyle(name: string, highlight: GraphHighlight, isTerminal: boolean): string {
  if (name === highlight.current || highlight.running?.includes(name)) return 'fill:#fff3cd;stroke:#e67e22;stroke-width:3';
  if (name === highlight.final) return name === 'failed' ? 'fill:#f8d7da;stroke:#c0392b;stroke-width:3' : 'fill:#d4edda;stroke:#1e8449;stroke-width:3';
  if (highlight.visited?.[name]) return 'fill:#e3f2e1;stroke:#1e8449;stroke-width:1.5';
  return isTerminal ? 'fill:#f4f4f4;stroke:#888;stroke-width:1' : 'fill:#fff;stroke:#888;stroke-width:1';
}

function getPathData(points: { x: number; y: number }[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
}

const BAR_HEIGHT = 26;

/**
 * Lays out the workflow's states and transitions and returns a standalone `<svg>` element. A parallel state is
 * a box holding one box per branch; a for_each state with a known list (`highlight.fanOuts`) a box of its
 * members side by side. Each block opens with a fork bar and closes with a join bar (dagre cannot route edges
 * to a box): edges into the block reach its fork, edges out of it leave its join.
 */
export function renderGraphSvg(workflow: Workflow, highlight: GraphHighlight = {}): string {
  const { fanOuts = {} } = highlight;
  const graph = new dagre.graphlib.Graph({ multigraph: true, compound: true });
  graph.setGraph({ rankdir: 'TB', nodesep: 40, ranksep: 50, marginx: 16, marginy: 16 });
  graph.setDefaultEdgeLabel(() => ({}));
  graph.setNode('__start', { width: 14, height: 14 });
  const nodes = new Map<string, NodeSpec>();
  const clusters: ClusterSpec[] = [];
  const addNode = (id: string, spec: NodeSpec, parent?: string) => {
    nodes.set(id, spec);
    const width = spec.kind === 'bar' ? 80 : Math.max(...spec.lines.map((l) => l.length)) * CHAR_WIDTH + 24;
    const height = spec.kind === 'bar' ? BAR_HEIGHT : spec.lines.length * (FONT_SIZE + 4) + 14;
    graph.setNode(id, { width, height });
    if (parent) graph.setParent(id, parent);
  };
  const addCluster = (cluster: ClusterSpec, parent?: string) => {
    clusters.push(cluster);
    graph.setNode(cluster.id, {});
    if (parent) graph.setParent(cluster.id, parent);
  };
  /** Where edges into (`in`) and out of (`out`) a top-level state attach. */
  const ends = new Map<string, { in: string; out: string }>();
  const edges: { from: string; to: string; edge: WorkflowEdge }[] = [];
  for (const { name, state, block } of getStateEntries(workflow)) {
    if (block) continue;
    const branches = getBranches(state);
    const members = fanOuts[name];
    const visits = highlight.visited?.[name];
    if (branches.length === 0 && !(isForEach(state) && members)) {
      addNode(name, { state: name, kind: 'state', lines: [...getNodeLines(name, state, visits), ...(isForEach(state) ? ['for each'] : [])] });
      ends.set(name, { in: name, out: name });
      continue;
    }
    const fork = `${name}/fork`;
    const join = `${name}/join`;
    addCluster({ id: name, block: name, label: branches.length ? `${name} · parallel` : `${name} · for each × ${members!.length}${state.step ? ` · ${state.step}` : ''}` });
    addNode(fork, { state: name, kind: 'bar', lines: [] }, name);
    addNode(join, { state: name, kind: 'bar', lines: [] }, name);
    ends.set(name, { in: fork, out: join });
    // dagre places siblings right to left in the order they are added: add them last first.
    for (const [branch, body] of [...branches].reverse()) {
      const box = `${name}/${branch}`;
      addCluster({ id: box, label: branch }, name);
      const inner = Object.entries(body.states ?? {}) as [string, State][];
      for (const [id, innerState] of inner) addNode(id, { state: id, kind: 'state', lines: getNodeLines(id, innerState, highlight.visited?.[id]) }, box);
      edges.push({ from: fork, to: body.start, edge: { from: name, to: body.start, kind: 'next', path: [] } });
      // Inside a branch, `done` ends the branch (the join) and `failed` fails the block (its on_error).
      const targets: Record<string, string> = { done: join, failed: state.on_error ?? 'failed' };
      for (const [id, innerState] of inner) {
        for (const edge of getEdges(id, innerState)) edges.push({ from: id, to: targets[edge.to] ?? edge.to, edge });
      }
    }
    for (let k = (members ?? []).length - 1; k >= 0; k--) {
      const member = getMemberId(name, k);
      addNode(member, { state: member, kind: 'state', lines: getNodeLines(member, { step: state.step } as State, highlight.visited?.[member]) }, name);
      edges.push({ from: fork, to: member, edge: { from: name, to: member, kind: 'next', path: [] } });
      edges.push({ from: member, to: join, edge: { from: member, to: name, kind: 'next', path: [] } });
    }
  }
  for (const { name, state, block } of getStateEntries(workflow)) {
    if (!block) for (const edge of getEdges(name, state)) edges.push({ from: ends.get(name)!.out, to: ends.get(edge.to)?.in ?? edge.to, edge });
  }
  for (const { to } of edges) if (!graph.hasNode(to)) addNode(to, { state: to, kind: 'terminal', lines: [to] });
  graph.setEdge('__start', ends.get(workflow.start)?.in ?? workflow.start, {}, 'start');
  edges.forEach(({ from, to, edge }, i) => {
    const label = edge.path.length ? (getEdgeLabel(edge) ?? '') : '';
    graph.setEdge(from, to, { label, width: label.length * 6.4, height: label ? 14 : 0, labelpos: 'c' }, `e${i}`);
  });
  dagre.layout(graph);

  const parts: string[] = [];
  for (const cluster of clusters) {
    const box = graph.node(cluster.id) as { x: number; y: number; width: number; height: number };
    const x = box.x - box.width / 2;
    const y = box.y - box.height / 2;
    const current = cluster.block !== undefined && cluster.block === highlight.current;
    const style = current ? 'fill:#fffaf0;stroke:#e67e22;stroke-width:3' : cluster.block ? 'fill:#f7f9fc;stroke:#8a9bb5;stroke-width:1.2' : 'fill:#fff;stroke:#b5c0d0;stroke-width:1;stroke-dasharray:4 3';
    parts.push(
      `<g class="${['block', current ? 'current' : ''].filter(Boolean).join(' ')}"${cluster.block ? ` data-block="${escapeHtml(cluster.block)}"` : ` data-branch="${escapeHtml(cluster.id)}"`}>` +
        `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${box.width.toFixed(1)}" height="${box.height.toFixed(1)}" rx="8" style="${style}"/>` +
        `<text x="${(x + 8).toFixed(1)}" y="${(y + 14).toFixed(1)}" font-size="11" font-family="sans-serif" fill="#445">${escapeHtml(cluster.label)}</text></g>`,
    );
  }
  graph.edges().forEach((e: Edge) => {
    const data = graph.edge(e) as { points: { x: number; y: number }[]; label?: string; x?: number; y?: number };
    const edge = e.name?.startsWith('e') ? edges[Number(e.name.slice(1))].edge : undefined;
    const style = edge ? EDGE_STYLE[edge.kind] : EDGE_STYLE.next;
    parts.push(`<path class="edge" d="${getPathData(data.points)}" style="fill:none;stroke-width:1.4;${style}" marker-end="url(#arrow)"/>`);
    if (data.label && data.x !== undefined && data.y !== undefined) {
      parts.push(`<text class="edge-label" x="${data.x.toFixed(1)}" y="${(data.y + 4).toFixed(1)}" text-anchor="middle" font-size="11" font-family="sans-serif" fill="#444" paint-order="stroke" stroke="white" stroke-width="3">${escapeHtml(data.label)}</text>`);
    }
  });
  const start = graph.node('__start');
  parts.push(`<circle class="start" cx="${start.x}" cy="${start.y}" r="6" fill="#333"/>`);
  for (const [id, spec] of nodes) {
    const node = graph.node(id) as { x: number; y: number; width: number; height: number };
    const x = node.x - node.width / 2;
    const y = node.y - node.height / 2;
    if (spec.kind === 'bar') {
      // The bar sits at the bottom of a fork's space (the block's label is above it) and the top of a join's.
      const barY = id.endsWith('/fork') ? y + node.height - 6 : y;
      parts.push(`<rect class="bar" x="${x.toFixed(1)}" y="${barY.toFixed(1)}" width="${node.width.toFixed(1)}" height="6" rx="2" fill="#333"/>`);
      continue;
    }
    const name = spec.state;
    const isTerminal = spec.kind === 'terminal';
    const isCurrent = name === highlight.current || highlight.running?.includes(name);
    const classes = ['node', isCurrent ? 'current' : '', highlight.visited?.[name] ? 'visited' : ''].filter(Boolean).join(' ');
    const text = spec.lines
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
