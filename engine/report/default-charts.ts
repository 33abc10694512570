// Charts for a workflow without a `report.charts` section: every numeric output of a state that ran
// more than once, and every metric a state emitted. Keeps `report` useful for any workflow.
import type { ReportChart } from '../../schemas/generated/workflow.js';
import { getNumber } from './get-output.js';
import type { RunData } from './run-data.js';

const MAX_CHARTS = 12;

export function getDefaultCharts(run: RunData): ReportChart[] {
  const charts: ReportChart[] = [];
  for (const [state, visits] of Object.entries(run.visits)) {
    const finished = visits.filter((v) => v.outputs);
    if (finished.length > 1) {
      const names = new Set(finished.flatMap((v) => Object.keys(v.outputs ?? {}).filter((k) => getNumber(v.outputs?.[k]) !== undefined)));
      for (const name of names) charts.push({ title: `${state}.${name} per visit`, series: [{ output: `${state}.${name}` }] });
    }
    const metrics = new Set(visits.flatMap((v) => v.metrics.map((m) => m.name)));
    for (const name of metrics) charts.push({ title: `${state}: ${name}`, series: [{ metric: `${state}.${name}` }] });
  }
  return charts.slice(0, MAX_CHARTS);
}
