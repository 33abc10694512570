import type { RenderedChart } from '../build-html.js';
import { renderSvg } from '../render-svg.js';
import type { ExperimentData } from './collect-experiment.js';
import { getLoopBandSpec, getPairedDiffSpec, type PairedDiffRow } from './experiment-chart-spec.js';

/** Paired differences per seed (treatment − control, reference − control), then one band chart per loop column. */
export async function renderExperimentCharts(data: ExperimentData): Promise<RenderedChart[]> {
  const charts: RenderedChart[] = [];
  const rows: PairedDiffRow[] = [data.treatmentDiff, data.referenceDiff].flatMap((d) =>
    d ? d.seeds.map((seed, i) => ({ seed, comparison: `${d.method} − ${data.control}`, diff: d.diffs[i]! })) : [],
  );
  if (rows.length) {
    const title = `paired differences per ${data.seedParam}`;
    charts.push({ title, svg: await renderSvg(getPairedDiffSpec({ rows, title, seedParam: data.seedParam })), points: rows.length, missing: [], description: 'accuracy of each seed minus its control run; above the dashed line the method won' });
  }
  for (const [c, column] of (data.loops?.columns ?? []).entries()) {
    const bands = data.loops!.rows.flatMap(({ loop, cells }) => {
      const cell = cells[c];
      return cell ? [{ loop, mean: cell.mean, low: cell.mean - cell.sd, high: cell.mean + cell.sd }] : [];
    });
    if (bands.length === 0) continue;
    const title = `${column} per loop of ${data.treatment}`;
    charts.push({ title, svg: await renderSvg(getLoopBandSpec({ rows: bands, title, yTitle: column })), points: bands.length, missing: [], description: 'mean over seeds, band ± one sd' });
  }
  return charts;
}
