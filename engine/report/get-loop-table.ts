// The summary's per-loop table: the report's per-visit chart series, one row per x (a loop of the workflow).
import type { Workflow } from '../../schemas/workflow-types.js';
import { getOutputHistory } from './get-output.js';
import type { RunData } from './run-data.js';

export interface LoopTable {
  /** The x axis title of the charts the columns come from (`loop`), else `visit`. */
  xTitle: string;
  /** `state.output` per column. */
  columns: string[];
  /** One row per x, ascending; undefined where a column has no value at that x. */
  rows: { x: number; values: unknown[] }[];
}

/**
 * Every `output:` series of `report.charts` is a per-visit history at x = visit + x_offset: the same rows as
 * the report's charts, as one table. Undefined when the run has fewer than two such rows (nothing looped).
 */
export function getLoopTable(workflow: Workflow, run: Pick<RunData, 'visits'>): LoopTable | undefined {
  const series = (workflow.report?.charts ?? []).flatMap((chart) =>
    chart.series.flatMap((s) => (s.output ? [{ ref: s.output, offset: s.x_offset ?? 0, xTitle: chart.x_title }] : [])),
  );
  const unique = series.filter((s, i) => series.findIndex((o) => o.ref === s.ref && o.offset === s.offset) === i);
  const byX = new Map<number, unknown[]>();
  unique.forEach(({ ref, offset }, column) => {
    for (const { visit, value } of getOutputHistory(run, ref)) {
      const row = byX.get(visit + offset) ?? new Array<unknown>(unique.length).fill(undefined);
      row[column] = value;
      byX.set(visit + offset, row);
    }
  });
  if (byX.size < 2) return undefined;
  const rows = [...byX.entries()].sort(([a], [b]) => a - b).map(([x, values]) => ({ x, values }));
  return { xTitle: unique.find((s) => s.xTitle)?.xTitle ?? 'visit', columns: unique.map((s) => s.ref), rows };
}
