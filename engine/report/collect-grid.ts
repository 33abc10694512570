// Ranks a grid's trials by the final value of one output and shapes the heatmap rows.
import type { ReportHeatmap } from '../../schemas/generated/workflow.js';
import type { HeatmapRow } from './chart-spec.js';
import { getFirstFinalNumber } from './get-output.js';
import type { RunData } from './run-data.js';

export interface RankedTrial {
  rank?: number;
  id: string;
  dir: string;
  status: string;
  params: Record<string, unknown>;
  value?: number;
}

export interface GridData {
  /** The ranking metric: its references joined with "or". */
  metric: string;
  goal: 'maximize' | 'minimize';
  /** The params that vary across trials: the table's columns. */
  keys: string[];
  trials: RankedTrial[];
  heatmapRows: HeatmapRow[];
  heatmap?: ReportHeatmap;
  /** The heatmap's references, in fallback order. */
  heatmapMetric: string[];
}

function getTrialParams(trial: RunData): Record<string, unknown> {
  return { ...trial.params, ...trial.matrix };
}

function getVaryingKeys(parent: RunData): string[] {
  const matrix = parent.workflow.grid?.matrix ?? {};
  const keys = new Set(Object.keys(matrix).filter((k) => k !== 'include' && k !== 'exclude'));
  for (const trial of parent.trials) for (const key of Object.keys(trial.matrix ?? {})) keys.add(key);
  return [...keys];
}

/** Undefined when the run has no trials or nothing names a metric to rank by. */
export function collectGridData(parent: RunData): GridData | undefined {
  const heatmap = parent.workflow.report?.heatmap;
  const heatmapMetric = heatmap ? [heatmap.metric].flat() : [];
  const gridMetric = parent.workflow.grid?.metric?.name;
  // The heatmap's fallbacks apply to the ranking too when both start from the same output.
  const rankRefs = gridMetric === undefined || gridMetric === heatmapMetric[0] ? heatmapMetric : [gridMetric];
  if (parent.trials.length === 0 || rankRefs.length === 0) return undefined;
  const goal = parent.workflow.grid?.metric?.goal ?? 'maximize';
  const trials: RankedTrial[] = parent.trials.map((trial) => ({
    id: trial.id,
    dir: trial.dir,
    status: trial.status,
    params: getTrialParams(trial),
    value: getFirstFinalNumber(trial, rankRefs),
  }));
  const sign = goal === 'maximize' ? -1 : 1;
  const ranked = trials
    .filter((t) => t.value !== undefined)
    .sort((a, b) => sign * ((a.value as number) - (b.value as number)));
  ranked.forEach((t, i) => (t.rank = i + 1));
  const unranked = trials.filter((t) => t.value === undefined);
  const heatmapRows: HeatmapRow[] = [];
  for (const trial of heatmap ? parent.trials : []) {
    const value = getFirstFinalNumber(trial, heatmapMetric);
    const params = getTrialParams(trial);
    if (value === undefined || !heatmap) continue;
    heatmapRows.push({
      x: String(params[heatmap.x]),
      y: String(params[heatmap.y]),
      facet: heatmap.facet ? String(params[heatmap.facet]) : '',
      value,
    });
  }
  return { metric: rankRefs.join(' or '), goal, keys: getVaryingKeys(parent), trials: [...ranked, ...unranked], heatmapRows, heatmap, heatmapMetric };
}
