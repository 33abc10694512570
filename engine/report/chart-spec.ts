// Vega-Lite specs for the report's charts. Pure: data in, spec out; rendering lives in render-svg.ts.
import type { ChartData } from './collect-chart-data.js';

export type VegaLiteSpec = Record<string, unknown>;

const WIDTH = 520;
const HEIGHT = 240;

/** Metric steps are whole numbers: never ask for more ticks than there are steps, so none is fractional. */
function getStepTickCount(data: ChartData): number {
  const xs = data.rows.map((r) => r.x);
  const span = xs.length ? Math.max(...xs) - Math.min(...xs) : 1;
  return Math.max(1, Math.min(10, span));
}

export function getChartSpec(data: ChartData): VegaLiteSpec {
  const isBar = data.kind === 'bar';
  const color = { field: 'series', type: 'nominal', title: null, legend: { orient: 'bottom', columns: 2, labelLimit: 320 } };
  const main = {
    data: { values: data.rows },
    mark: isBar ? { type: 'bar' } : data.kind === 'point' ? { type: 'point', filled: true } : { type: 'line', point: true },
    encoding: {
      // Visits are few and whole, so they get one tick each; metric steps can number thousands.
      x: data.xDiscrete || isBar ? { field: 'x', type: 'ordinal', title: data.xTitle, axis: { labelAngle: 0 } } : { field: 'x', type: 'quantitative', title: data.xTitle, axis: { tickCount: getStepTickCount(data) } },
      y: { field: 'y', type: 'quantitative', title: data.yTitle, scale: { zero: isBar } },
      color,
      ...(isBar ? { xOffset: { field: 'series' } } : {}),
    },
  };
  const layers: VegaLiteSpec[] = [main];
  if (data.rules.length > 0) {
    layers.push({
      data: { values: data.rules },
      mark: { type: 'rule', strokeDash: [6, 4], strokeWidth: 2 },
      encoding: { y: { field: 'y', type: 'quantitative' }, color },
    });
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: data.title,
    width: WIDTH,
    height: HEIGHT,
    background: 'white',
    layer: layers,
  };
}

export interface HeatmapRow {
  x: string;
  y: string;
  facet: string;
  value: number;
}

/** One heatmap panel per facet value; cells carry their value as text so the figure reads without hover. */
export function getHeatmapSpec(options: { rows: HeatmapRow[]; title: string; x: string; y: string; facet?: string; metric: string }): VegaLiteSpec {
  const { rows, title, x, y, facet, metric } = options;
  const values = rows.map((r) => r.value);
  // White text on the darker half of the colour scale, black on the lighter half.
  const middle = (Math.min(...values) + Math.max(...values)) / 2;
  const cell = {
    layer: [
      {
        mark: { type: 'rect' },
        encoding: {
          x: { field: 'x', type: 'ordinal', title: x, axis: { labelAngle: 0 } },
          y: { field: 'y', type: 'ordinal', title: y },
          color: { field: 'value', type: 'quantitative', title: metric, scale: { scheme: 'blues' } },
        },
      },
      {
        mark: { type: 'text', fontSize: 11 },
        encoding: {
          x: { field: 'x', type: 'ordinal' },
          y: { field: 'y', type: 'ordinal' },
          text: { field: 'value', type: 'quantitative', format: '.3f' },
          color: { condition: { test: `datum.value > ${middle}`, value: 'white' }, value: 'black' },
        },
      },
    ],
    width: 160,
    height: 160,
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    background: 'white',
    data: { values: rows },
    ...(facet ? { facet: { column: { field: 'facet', type: 'ordinal', title: facet } }, spec: cell } : cell),
  };
}
