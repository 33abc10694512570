import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildHtml } from '../../../engine/report/build-html.js';
import { buildReport } from '../../../engine/report/build-report.js';
import { getHeatmapSpec } from '../../../engine/report/chart-spec.js';
import { renderSvg } from '../../../engine/report/render-svg.js';
import { collectGridData } from '../../../engine/report/collect-grid.js';
import { readRun } from '../../../engine/report/read-run.js';
import { LOOP_WORKFLOW, writeGridRun, writeRunFixture } from './make-run-fixture.js';

describe('report page', () => {
  let root: string;
  before(() => (root = mkdtempSync(join(tmpdir(), 'ser-flow-report-html-'))));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('reports a run that is still going: running status, current state outlined, placeholders for charts without data', async () => {
    const dir = writeRunFixture({
      dir: join(root, 'running'),
      id: 'running-1',
      status: 'running',
      value: 'train',
      visits: [{ state: 'prep', outputs: { pairs: 10 } }, { state: 'train', progress: { current: 1, total: 4 } }],
    });
    const model = await buildReport({ runDir: dir });
    const html = buildHtml(model);
    assert.match(html, /<h1>loop-demo <span class="status status-running">running<\/span><\/h1>/);
    assert.match(html, /<th>state<\/th><td>in train<\/td>/);
    assert.match(html, /<g class="node current visited" data-state="train" data-visits="1">/);
    assert.equal(model.charts.filter((c) => c.svg.includes('class="no-data"')).length, 4);
    assert.match(html, /<td>train<\/td><td class="num">0<\/td><td class="num">1<\/td><td class="num">—<\/td><td>not finished<\/td>/);
  });

  it('escapes workflow text and outputs, so a value cannot inject markup', async () => {
    const workflow = { ...LOOP_WORKFLOW, description: '<script>alert(1)</script>' };
    const dir = writeRunFixture({
      dir: join(root, 'hostile'),
      id: 'hostile-1',
      workflow,
      visits: [{ state: 'prep', outputs: { note: '<img src=x onerror=alert(2)>' } }],
    });
    const html = buildHtml(await buildReport({ runDir: dir }));
    assert.ok(!html.includes('<script>') && !html.includes('<img'), 'no raw markup from the run');
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(html.includes('note=&lt;img src=x onerror=alert(2)&gt;'));
  });

  it('draws one heatmap panel per facet value with a labelled cell per trial', async () => {
    const rows = ['0.3', '0.5'].flatMap((facet) =>
      ['0.55', '0.75'].flatMap((x) => ['0.25', '0.45'].map((y) => ({ x, y, facet, value: Number(x) - Number(y) + Number(facet) }))),
    );
    const svg = await renderSvg(getHeatmapSpec({ rows, title: 'hm', x: 'tau_high', y: 'tau_low', facet: 'tau_delta', metric: 'acc' }));
    const cells = [...svg.matchAll(/aria-label="tau_high: ([\d.]+); tau_low: ([\d.]+); acc: ([\d.]+)"/g)];
    assert.equal(cells.length, 8);
    const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    assert.ok(texts.includes('tau_delta') && texts.includes('0.3') && texts.includes('0.5'), `facet headers in ${texts.join('|')}`);
    assert.equal(texts.filter((t) => t === 'tau_high').length, 2, 'one x axis per panel');
    assert.ok(svg.includes('>0.600</text>'), 'a cell shows its value (0.55 − 0.25 + 0.3)');
  });

  it('falls back along a list of heatmap metrics for trials that lack the first, and ranks by the same list', async () => {
    const dir = writeGridRun(join(root, 'grid'), 'grid-1', (tau, mode) => tau + (mode === 'b' ? 0.05 : 0));
    rmSync(join(dir, 'trials', '0', 'steps', 'evaluate'), { recursive: true });
    const run = await readRun(dir);
    const report = run.workflow.report as { heatmap: { metric: string | string[] } };
    report.heatmap.metric = ['evaluate.accuracy', 'prep.pairs'];
    const grid = collectGridData(run);
    assert.ok(grid);
    assert.equal(grid.metric, 'evaluate.accuracy or prep.pairs');
    assert.deepEqual(grid.trials.map((t) => `${t.rank}:${t.id}:${t.value?.toFixed(2)}`), ['1:grid-1-t0:10.00', '2:grid-1-t3:0.95', '3:grid-1-t2:0.90', '4:grid-1-t1:0.85']);
    assert.equal(grid.heatmapRows.length, 4);
    report.heatmap.metric = 'evaluate.accuracy';
    const single = collectGridData(run);
    assert.deepEqual(single?.trials.map((t) => t.rank), [1, 2, 3, undefined], 'without the fallback the trial is listed unranked');
    assert.equal(single?.heatmapRows.length, 3);
  });
});
