// Vega-Lite specs of the experiment's charts. Pure: data in, spec out (rendering: ../render-svg.ts).
import type { VegaLiteSpec } from '../chart-spec.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

export interface PairedDiffRow {
  seed: string;
  /** e.g. `ser − seed`. */
  comparison: string;
  diff: number;
}

/** One point per seed and comparison, beside a zero line: where a seed's treatment lost shows at a glance. */
export function getPairedDiffSpec(options: { rows: PairedDiffRow[]; title: string; seedParam: string }): VegaLiteSpec {
  const { rows, title, seedParam } = options;
  return {
    $schema: SCHEMA,
    title,
    width: 520,
    height: 240,
    background: 'white',
    layer: [
      {
        data: { values: [{ y: 0 }] },
        mark: { type: 'rule', color: '#888', strokeDash: [4, 4] },
        encoding: { y: { field: 'y', type: 'quantitative' } },
      },
      {
        data: { values: rows },
        mark: { type: 'point', filled: true, size: 70 },
        encoding: {
          x: { field: 'seed', type: 'ordinal', title: seedParam, sort: null, axis: { labelAngle: 0 } },
          xOffset: { field: 'comparison', sort: null },
          y: { field: 'diff', type: 'quantitative', title: 'paired difference in accuracy' },
          // Data order (treatment first), not alphabetical.
          color: { field: 'comparison', type: 'nominal', title: null, sort: null, legend: { orient: 'bottom' } },
        },
      },
    ],
  };
}

export interface LoopBandRow {
  loop: number;
  mean: number;
  low: number;
  high: number;
}

/** Mean over seeds per loop, with a band of ± one sd. */
export function getLoopBandSpec(options: { rows: LoopBandRow[]; title: string; yTitle: string }): VegaLiteSpec {
  const { rows, title, yTitle } = options;
  const x = { field: 'loop', type: 'quantitative', title: 'loop', axis: { tickMinStep: 1, format: 'd' } };
  return {
    $schema: SCHEMA,
    title,
    width: 520,
    height: 240,
    background: 'white',
    data: { values: rows },
    layer: [
      {
        mark: { type: 'area', opacity: 0.25 },
        encoding: { x, y: { field: 'low', type: 'quantitative', title: yTitle, scale: { zero: false } }, y2: { field: 'high' } },
      },
      { mark: { type: 'line', point: true }, encoding: { x, y: { field: 'mean', type: 'quantitative' } } },
    ],
  };
}
