// Reads a run (and optional baseline runs), renders every chart and the graph, and writes report.html.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeTextDurable } from '../store/write-json.js';
import { getProjectRoot } from '../load/project-root.js';
import { buildHtml, type RenderedChart, type ReportModel } from './build-html.js';
import { getChartSpec, getHeatmapSpec } from './chart-spec.js';
import { collectChartData, type BaselineRun } from './collect-chart-data.js';
import { collectGridData, type GridData } from './collect-grid.js';
import { getDefaultCharts } from './default-charts.js';
import { collectExperiment } from './experiment/collect-experiment.js';
import { getExperimentTables } from './experiment/format-experiment.js';
import { renderExperimentCharts } from './experiment/render-experiment-charts.js';
import { escapeHtml } from './escape-html.js';
import { getFinalOutput } from './get-output.js';
import { getVisitCounts } from './get-visit-counts.js';
import { readRun } from './read-run.js';
import { renderGraphSvg } from './render-graph-svg.js';
import { renderSvg } from './render-svg.js';
import type { RunData } from './run-data.js';
import { getKnownFanOuts } from '../validate/workflow-view.js';

export const REPORT_FILE = 'report.html';

function getVersion(): string {
  const manifest = JSON.parse(readFileSync(join(getProjectRoot(), 'package.json'), 'utf8')) as { version?: string };
  return manifest.version ?? 'unknown';
}

async function renderCharts(run: RunData, baselines: BaselineRun[]): Promise<RenderedChart[]> {
  const charts = run.workflow.report?.charts ?? getDefaultCharts(run);
  const rendered: RenderedChart[] = [];
  for (const chart of charts) {
    const data = collectChartData({ chart, run, baselines });
    const empty = data.rows.length + data.rules.length === 0;
    rendered.push({
      title: data.title,
      // Vega sizes an empty chart to infinity; a placeholder keeps the page valid.
      svg: empty ? renderPlaceholderSvg(data.title) : await renderSvg(getChartSpec(data)),
      points: data.rows.length + data.rules.length,
      missing: data.missing,
      description: data.description,
    });
  }
  return rendered;
}

function renderPlaceholderSvg(title: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="no-data" width="520" height="60" viewBox="0 0 520 60">` +
    `<text x="260" y="24" text-anchor="middle" font-family="sans-serif" font-size="13" font-weight="bold">${escapeHtml(title)}</text>` +
    `<text x="260" y="46" text-anchor="middle" font-family="sans-serif" font-size="12" fill="#888">no data yet</text></svg>`
  );
}

async function renderHeatmap(grid: GridData): Promise<RenderedChart | undefined> {
  const { heatmap, heatmapRows, heatmapMetric } = grid;
  if (!heatmap) return undefined;
  const metric = heatmapMetric.join(' or ');
  const title = `final ${metric} over ${heatmap.x} × ${heatmap.y}${heatmap.facet ? ` for each ${heatmap.facet}` : ''}`;
  if (heatmapRows.length === 0) return { title, svg: renderPlaceholderSvg(title), points: 0, missing: [metric] };
  const spec = getHeatmapSpec({ rows: heatmapRows, title, x: heatmap.x, y: heatmap.y, facet: heatmap.facet, metric: heatmapMetric[0] });
  return { title, svg: await renderSvg(spec), points: heatmapRows.length, missing: [] };
}

/** A grid's `report.experiment`: the same blocks the terminal prints, and their charts. */
async function renderExperiment(run: RunData): Promise<ReportModel['experiment']> {
  const spec = run.workflow.report?.experiment;
  const data = spec ? collectExperiment(run, spec) : undefined;
  return data ? { tables: getExperimentTables(data), charts: await renderExperimentCharts(data) } : undefined;
}

export async function buildReport(options: { runDir: string; baselines?: { name: string; dir: string }[] }): Promise<ReportModel> {
  const run = await readRun(options.runDir);
  const baselines: BaselineRun[] = [];
  for (const b of options.baselines ?? []) baselines.push({ name: b.name, run: await readRun(b.dir) });
  const grid = collectGridData(run);
  // A grid parent runs no steps itself: its charts, graph and steps show the best trial.
  const best = grid?.trials[0]?.rank === 1 ? run.trials.find((t) => t.dir === grid.trials[0].dir) : undefined;
  const shown = Object.keys(run.visits).length === 0 && best ? best : run;
  return {
    run,
    shown,
    baselines,
    graphSvg: renderGraphSvg(shown.workflow, {
      visited: getVisitCounts(shown),
      current: shown.current,
      final: shown.final,
      running: shown.running,
      fanOuts: getKnownFanOuts(shown.workflow, Object.keys(shown.visits)),
    }),
    charts: await renderCharts(shown, baselines),
    grid,
    heatmap: grid ? await renderHeatmap(grid) : undefined,
    experiment: await renderExperiment(run),
    summary: (run.workflow.report?.summary ?? []).map((ref) => ({ label: ref, value: getFinalOutput(shown, ref) })),
    version: getVersion(),
    generatedAt: Date.now(),
  };
}

/** Writes `<run>/report.html` atomically and returns its path with the model it was built from. */
export async function writeReport(options: { runDir: string; baselines?: { name: string; dir: string }[] }): Promise<{ file: string; model: ReportModel }> {
  const model = await buildReport(options);
  const file = join(options.runDir, REPORT_FILE);
  await writeTextDurable(file, buildHtml(model));
  return { file, model };
}
