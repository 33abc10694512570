// Assembles the self-contained report page: inline CSS and inline SVG only, no scripts, no external URLs.
import { escapeHtml } from './escape-html.js';
import type { GridData } from './collect-grid.js';
import type { ExperimentTable } from './experiment/format-experiment.js';
import type { BaselineRun } from './collect-chart-data.js';
import { formatDuration, formatTime, formatValue } from './format-value.js';
import type { RunData } from './run-data.js';
import type { State } from '../../schemas/generated/workflow.js';
import { getBlockName, getBlockPosition, getBranches } from '../validate/workflow-view.js';

export interface RenderedChart {
  title: string;
  svg: string;
  /** Data points drawn (series points plus baseline rules). */
  points: number;
  missing: string[];
  description?: string;
}

export interface ReportModel {
  run: RunData;
  /** The run whose graph, charts and steps are drawn: `run` itself, or a grid's best trial. */
  shown: RunData;
  baselines: BaselineRun[];
  graphSvg: string;
  charts: RenderedChart[];
  grid?: GridData;
  heatmap?: RenderedChart;
  /** A grid's `report.experiment`: the terminal's table blocks and their charts. */
  experiment?: { tables: ExperimentTable[]; charts: RenderedChart[] };
  summary: { label: string; value: unknown }[];
  version: string;
  generatedAt: number;
}

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#222;background:#fafafa}
main{max-width:1180px;margin:0 auto;padding:24px}
h1{font-size:1.5rem;margin:0 0 4px}h2{font-size:1.15rem;margin:28px 0 10px;border-bottom:1px solid #ddd;padding-bottom:4px}
.sub{color:#666;margin:0 0 16px}
.status{display:inline-block;padding:2px 10px;border-radius:10px;font-size:.85rem;font-weight:600;background:#eee}
.status-done{background:#d4edda;color:#1e5631}.status-failed{background:#f8d7da;color:#7b1e22}
.status-running{background:#fff3cd;color:#7a5300}.status-cancelled{background:#e2e3e5}
table{border-collapse:collapse;font-size:.88rem;background:white}
th,td{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f0f0f0}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.cols{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(560px,1fr));gap:16px}
figure{margin:0;background:white;border:1px solid #e2e2e2;border-radius:6px;padding:8px;overflow-x:auto}
figure svg{max-width:100%;height:auto}
figcaption{font-size:.82rem;color:#666;margin-top:4px}
.missing{color:#a04000}
.graph{background:white;border:1px solid #e2e2e2;border-radius:6px;padding:8px;display:inline-block;overflow-x:auto;max-width:100%}
.graph svg{max-width:100%;height:auto}
tr.block td{background:#f3f5f9}.member{padding-left:1.2em}
`;

/** ` (score[0], score[1] running)` while the run is inside a block. */
function getRunningNote(run: RunData): string {
  const inside = (run.running ?? []).filter((id) => id !== run.current);
  return inside.length ? ` (${inside.join(', ')} ${run.status === 'running' ? 'running' : 'unfinished'})` : '';
}

function renderKeyValueTable(rows: [string, string][]): string {
  return `<table>${rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${v}</td></tr>`).join('')}</table>`;
}

function renderSummary(model: ReportModel): string {
  const { run } = model;
  const end = run.finishedAt ?? (run.status === 'running' ? Date.now() : undefined);
  const rows: [string, string][] = [
    ['workflow', escapeHtml(run.workflow.name) + (run.workflow.description ? ` — ${escapeHtml(run.workflow.description)}` : '')],
    ['run', escapeHtml(run.id)],
    ['status', `<span class="status status-${escapeHtml(run.status)}">${escapeHtml(run.status)}</span>`],
    ['state', escapeHtml(run.current ? `in ${run.current}${getRunningNote(run)}` : run.final ?? '—')],
    ['started', escapeHtml(formatTime(run.startedAt))],
    ['finished', escapeHtml(formatTime(run.finishedAt))],
    ['duration', escapeHtml(formatDuration(end !== undefined && run.startedAt !== undefined ? end - run.startedAt : undefined))],
    ['ser-flow', escapeHtml(model.version)],
    ...model.summary.map(({ label, value }): [string, string] => [label, escapeHtml(formatValue(value))]),
  ];
  const params = Object.entries(run.params).map(([k, v]): [string, string] => [k, escapeHtml(formatValue(v))]);
  const plugins = Object.entries(run.plugins).map(([state, p]): [string, string] => [
    state,
    escapeHtml(`${p.name} ${p.version ?? ''}${p.implementation ? ` (${p.implementation})` : ''}`),
  ]);
  const baselines = model.baselines.map((b): [string, string] => [b.name, escapeHtml(`${b.run.id} (${b.run.status})`)]);
  return (
    `<div class="cols"><div><h3>Run</h3>${renderKeyValueTable(rows)}</div>` +
    (params.length ? `<div><h3>Params</h3>${renderKeyValueTable(params)}</div>` : '') +
    (plugins.length ? `<div><h3>Plugins</h3>${renderKeyValueTable(plugins)}</div>` : '') +
    (baselines.length ? `<div><h3>Baselines</h3>${renderKeyValueTable(baselines)}</div>` : '') +
    `</div>`
  );
}

function renderChart(chart: RenderedChart): string {
  const notes = [
    chart.description ? escapeHtml(chart.description) : '',
    chart.missing.length ? `<span class="missing">no data for ${chart.missing.map(escapeHtml).join(', ')}</span>` : '',
  ].filter(Boolean);
  return (
    `<figure class="chart" data-title="${escapeHtml(chart.title)}" data-points="${chart.points}">${chart.svg}` +
    (notes.length ? `<figcaption>${notes.join(' · ')}</figcaption>` : '') +
    `</figure>`
  );
}

/**
 * Each visit of each state id in start order; a block's members and branch states sit together under a row naming
 * the block, where its first one started: members by index, branch states branch by branch (they run at once, so
 * their start order is a race).
 */
function renderStepsTable(run: RunData): string {
  const started = Object.entries(run.visits)
    .flatMap(([state, list]) => list.map((v) => ({ state, v, block: getBlockName(run.workflow, state) })))
    .sort((a, b) => (a.v.startedAt ?? Infinity) - (b.v.startedAt ?? Infinity));
  // A block's visit k holds visit k of its members and branch states.
  const groupStart = new Map<string, number>();
  const visits = started
    .map((entry, i) => {
      const key = entry.block === undefined ? `${i}` : `${entry.block}#${entry.v.visit}`;
      if (!groupStart.has(key)) groupStart.set(key, i);
      return { ...entry, i, group: groupStart.get(key)!, position: getBlockPosition(run.workflow, entry.state) };
    })
    .sort((a, b) => a.group - b.group || a.position - b.position || a.i - b.i);
  const rows: string[] = [];
  let openBlock: string | undefined;
  for (const { state, v, block } of visits) {
    if (block !== undefined && block !== openBlock) {
      const kind = getBranches(run.workflow.states[block] ?? ({} as State)).length > 0 ? 'parallel' : 'for each';
      rows.push(`<tr class="block" data-block="${escapeHtml(block)}"><td colspan="5"><b>${escapeHtml(block)}</b> · ${kind}</td></tr>`);
    }
    openBlock = block;
    const outputs = v.outputs ? Object.entries(v.outputs).map(([k, value]) => `${k}=${formatValue(value)}`).join(', ') : 'not finished';
    const duration = v.startedAt !== undefined && v.finishedAt !== undefined ? v.finishedAt - v.startedAt : undefined;
    const name = block === undefined ? escapeHtml(state) : `<span class="member">${escapeHtml(state)}</span>`;
    rows.push(`<tr data-state="${escapeHtml(state)}"><td>${name}</td><td class="num">${v.visit}</td><td class="num">${v.attempts}</td><td class="num">${escapeHtml(formatDuration(duration))}</td><td>${escapeHtml(outputs)}</td></tr>`);
  }
  if (rows.length === 0) return '<p>No step has started yet.</p>';
  return `<table class="steps"><tr><th>state</th><th>visit</th><th>attempts</th><th>duration</th><th>outputs</th></tr>${rows.join('')}</table>`;
}

function renderGrid(grid: GridData, heatmap: RenderedChart | undefined): string {
  const head = ['rank', 'trial', ...grid.keys, 'status', grid.metric].map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const rows = grid.trials.map(
    (t) =>
      `<tr><td class="num">${t.rank ?? '—'}</td><td>${escapeHtml(t.id)}</td>` +
      grid.keys.map((k) => `<td class="num">${escapeHtml(formatValue(t.params[k]))}</td>`).join('') +
      `<td>${escapeHtml(t.status)}</td><td class="num">${escapeHtml(formatValue(t.value))}</td></tr>`,
  );
  return (
    `<h2>Grid: ${grid.trials.length} trials ranked by ${escapeHtml(grid.metric)} (${grid.goal})</h2>` +
    (heatmap ? renderChart(heatmap) : '') +
    `<table class="trials">${`<tr>${head}</tr>`}${rows.join('')}</table>`
  );
}

function renderExperimentTable(table: ExperimentTable): string {
  const head = `<tr>${table.header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
  // The first column names the row; the rest are numbers.
  const rows = table.rows.map((row) => `<tr>${row.map((cell, c) => `<td${c ? ' class="num"' : ''}>${escapeHtml(cell)}</td>`).join('')}</tr>`);
  return (
    `<h3>${escapeHtml(table.title)}</h3>` +
    (rows.length ? `<table>${head}${rows.join('')}</table>` : '') +
    table.notes.map((note) => `<p>${escapeHtml(note)}</p>`).join('')
  );
}

function renderExperiment(experiment: NonNullable<ReportModel['experiment']>): string {
  return (
    `<section class="experiment"><h2>Experiment</h2>${experiment.tables.map(renderExperimentTable).join('\n')}` +
    (experiment.charts.length ? `<div class="charts">${experiment.charts.map(renderChart).join('\n')}</div>` : '') +
    `</section>`
  );
}

export function buildHtml(model: ReportModel): string {
  const { run } = model;
  const title = `${run.workflow.name} — ${run.id}`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>
<h1>${escapeHtml(run.workflow.name)} <span class="status status-${escapeHtml(run.status)}">${escapeHtml(run.status)}</span></h1>
<p class="sub">run ${escapeHtml(run.id)} · report generated ${escapeHtml(formatTime(model.generatedAt))}</p>
<h2>Summary</h2>${renderSummary(model)}
${model.experiment ? renderExperiment(model.experiment) : ''}
${model.shown !== run ? `<p class="sub">A grid run runs no steps itself: the graph, charts and steps below are those of its best trial, ${escapeHtml(model.shown.id)}.</p>` : ''}
<h2>Run graph</h2><div class="graph">${model.graphSvg}</div>
${model.charts.length ? `<h2>Charts</h2><div class="charts">${model.charts.map(renderChart).join('\n')}</div>` : ''}
${model.grid ? renderGrid(model.grid, model.heatmap) : ''}
<h2>Steps</h2>${renderStepsTable(model.shown)}
</main></body></html>
`;
}
