import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReportChart } from '../../../schemas/generated/workflow.js';
import { collectChartData } from '../../../engine/report/collect-chart-data.js';
import { getDefaultCharts } from '../../../engine/report/default-charts.js';
import { readRun } from '../../../engine/report/read-run.js';
import type { RunData } from '../../../engine/report/run-data.js';
import { writeBaselineRun, writeLoopRun } from './make-run-fixture.js';

describe('report chart data', () => {
  let root: string;
  let run: RunData;
  let seed: RunData;
  let full: RunData;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'ser-flow-chart-'));
    run = await readRun(writeLoopRun(join(root, 'ser'), 'ser-1'));
    seed = await readRun(writeBaselineRun(join(root, 'seed'), 'seed-1', 0.6));
    full = await readRun(writeBaselineRun(join(root, 'full'), 'full-1', 0.74));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('reads visits, params, plugins and status from the run folder', () => {
    assert.equal(run.id, 'ser-1');
    assert.equal(run.status, 'done');
    assert.equal(run.final, 'done');
    assert.equal(run.current, undefined);
    assert.deepEqual(run.visits.evaluate.map((v) => v.visit), [0, 1, 2]);
    assert.equal(run.plugins.train.version, '1.2.3');
    assert.equal(run.params.tau, 0.9);
    assert.equal(run.visits.tune[0].metrics.length, 16);
  });

  it('plots an output across visits with baselines as rules', () => {
    const chart: ReportChart = { title: 'acc', series: [{ output: 'evaluate.accuracy', label: 'SER' }], baselines: true };
    const data = collectChartData({ chart, run, baselines: [{ name: 'seed-only', run: seed }, { name: 'full', run: full }] });
    assert.deepEqual(data.rows, [
      { series: 'SER', x: 0, y: 0.61 },
      { series: 'SER', x: 1, y: 0.66 },
      { series: 'SER', x: 2, y: 0.7 },
    ]);
    assert.deepEqual(data.rules, [
      { series: 'seed-only', y: 0.6 },
      { series: 'full', y: 0.74 },
    ]);
    assert.equal(data.xTitle, 'visit of evaluate');
    assert.deepEqual(data.missing, []);
  });

  it('shifts an output series by x_offset and takes the axis title from the chart', () => {
    const chart: ReportChart = { title: 'acc', x_title: 'loop', series: [{ output: 'evaluate.accuracy', x_offset: 1 }] };
    const data = collectChartData({ chart, run });
    assert.deepEqual(data.rows.map((r) => r.x), [1, 2, 3]);
    assert.equal(data.xTitle, 'loop');
    assert.equal(data.xDiscrete, true);
  });

  it('overlays baselines only on the series that ask for them', () => {
    const chart: ReportChart = {
      title: 'acc',
      series: [{ output: 'prep.pairs', label: 'seed' }, { output: 'evaluate.accuracy', label: 'SER', baselines: true }],
    };
    const data = collectChartData({ chart, run, baselines: [{ name: 'full', run: full }] });
    assert.deepEqual(data.rules, [{ series: 'full', y: 0.74 }]);
  });

  it('ignores baselines unless the chart asks for them, and names missing references', () => {
    const chart: ReportChart = { title: 'x', series: [{ output: 'evaluate.accuracy' }, { output: 'evaluate.nope' }] };
    const data = collectChartData({ chart, run, baselines: [{ name: 'seed-only', run: seed }] });
    assert.equal(data.rules.length, 0);
    assert.deepEqual(data.missing, ['evaluate.nope']);
  });

  it('plots metric events over their step, one series per metric', () => {
    const chart: ReportChart = { title: 'tune', series: [{ metric: 'tune.reward' }, { metric: 'tune.kl', label: 'KL' }] };
    const data = collectChartData({ chart, run });
    assert.equal(data.xTitle, 'step');
    assert.deepEqual(
      data.rows.filter((r) => r.series === 'KL').map((r) => r.x),
      [0, 1, 2, 3, 4, 5, 6, 7],
    );
    assert.equal(data.rows.filter((r) => r.series === 'tune.reward').length, 8);
    assert.equal(data.rows.find((r) => r.series === 'tune.reward' && r.x === 2)?.y, 0.1 + 2 * 0.04);
  });

  it('a baseline run lacking the output is reported, not drawn', () => {
    const chart: ReportChart = { title: 'x', series: [{ output: 'select.admitted' }], baselines: true };
    const data = collectChartData({ chart, run, baselines: [{ name: 'seed-only', run: seed }] });
    assert.deepEqual(data.rules, []);
    assert.deepEqual(data.missing, ['select.admitted in baseline seed-only']);
  });

  it('without a report section, charts every numeric output of looping states and every metric', () => {
    const titles = getDefaultCharts(run).map((c) => c.title);
    assert.ok(titles.includes('evaluate.accuracy per visit'), titles.join(', '));
    assert.ok(titles.includes('select.admitted per visit'));
    assert.ok(titles.includes('tune: reward'));
    assert.ok(!titles.some((t) => t.startsWith('prep.')), 'a state that ran once has no per-visit chart');
    assert.ok(!titles.includes('train.backend per visit'), 'strings are not charted');
  });
});
