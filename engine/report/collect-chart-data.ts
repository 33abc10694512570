// Turns one `report.charts[]` entry into plain rows; the chart spec and the tests work from these.
import type { ReportChart, ReportSeries } from '../../schemas/generated/workflow.js';
import type { RunData } from './run-data.js';
import { getFinalOutput, getNumber, getOutputHistory, parseStateRef } from './get-output.js';

export interface ChartRow {
  series: string;
  x: number;
  y: number;
}

export interface ChartData {
  title: string;
  kind: 'line' | 'bar' | 'point';
  xTitle: string;
  /** True when x is a visit number (one tick per visit) rather than a metric step. */
  xDiscrete: boolean;
  yTitle: string;
  description?: string;
  rows: ChartRow[];
  /** Baseline runs' final values, drawn as horizontal rules. */
  rules: { series: string; y: number }[];
  /** References that produced no data, so the report can say so instead of drawing nothing. */
  missing: string[];
}

export interface BaselineRun {
  name: string;
  run: RunData;
}

function getSeriesLabel(series: ReportSeries): string {
  return series.label ?? series.output ?? series.metric ?? '';
}

function collectOutputRows(run: RunData, ref: string, label: string, offset: number): ChartRow[] {
  return getOutputHistory(run, ref).flatMap(({ visit, value }) => {
    const y = getNumber(value);
    return y === undefined ? [] : [{ series: label, x: visit + offset, y }];
  });
}

function collectMetricRows(run: RunData, ref: string, label: string): ChartRow[] {
  const { state, name } = parseStateRef(ref);
  const visits = (run.visits[state] ?? []).filter((v) => v.metrics.some((m) => m.name === name));
  return visits.flatMap((visit) => {
    // Several visits of one state each restart their step counter, so each gets its own series.
    const series = visits.length > 1 ? `${label} (visit ${visit.visit})` : label;
    return visit.metrics
      .filter((m) => m.name === name)
      .map((m, index) => ({ series, x: m.step ?? index, y: m.value }));
  });
}

export function collectChartData(options: { chart: ReportChart; run: RunData; baselines?: BaselineRun[] }): ChartData {
  const { chart, run, baselines = [] } = options;
  const rows: ChartRow[] = [];
  const rules: ChartData['rules'] = [];
  const missing: string[] = [];
  const onlyMetrics = chart.series.every((s) => s.metric !== undefined);
  for (const series of chart.series) {
    const label = getSeriesLabel(series);
    const found = series.output
      ? collectOutputRows(run, series.output, label, series.x_offset ?? 0)
      : collectMetricRows(run, series.metric ?? '', label);
    if (found.length === 0) missing.push(series.output ?? series.metric ?? label);
    rows.push(...found);
    if (!(series.baselines ?? chart.baselines) || !series.output) continue;
    for (const baseline of baselines) {
      const y = getNumber(getFinalOutput(baseline.run, series.output));
      const name = chart.series.filter((s) => s.baselines ?? chart.baselines).length > 1 ? `${baseline.name}: ${label}` : baseline.name;
      if (y === undefined) missing.push(`${series.output} in baseline ${baseline.name}`);
      else rules.push({ series: name, y });
    }
  }
  const firstOutput = chart.series.find((s) => s.output)?.output;
  return {
    title: chart.title,
    kind: chart.kind ?? 'line',
    xTitle: chart.x_title ?? (onlyMetrics ? 'step' : `visit of ${parseStateRef(firstOutput ?? '').state}`),
    xDiscrete: !onlyMetrics,
    yTitle: chart.y_title ?? (chart.series.length === 1 ? getSeriesLabel(chart.series[0]) : 'value'),
    description: chart.description,
    rows,
    rules,
    missing,
  };
}
