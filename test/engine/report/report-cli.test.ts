import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBaselineRun, writeGridRun, writeLoopRun } from './make-run-fixture.js';
import { FIXTURES, runCli } from './run-cli.js';

/** `<figure class="chart" data-title=… data-points=…>` blocks of a report. */
function getFigures(html: string): { title: string; points: number; body: string }[] {
  return [...html.matchAll(/<figure class="chart" data-title="([^"]*)" data-points="(\d+)">([\s\S]*?)<\/figure>/g)].map((m) => ({
    title: m[1],
    points: Number(m[2]),
    body: m[3],
  }));
}

function countMarks(svg: string, mark: 'symbol' | 'rect' | 'rule'): number {
  const groups = [...svg.matchAll(new RegExp(`<g class="mark-${mark} role-mark[^"]*"[^>]*>([\\s\\S]*?)</g>`, 'g'))];
  return groups.reduce((n, g) => n + (g[1].match(/<(path|line)\b/g) ?? []).length, 0);
}

describe('ser-flow report', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'ser-flow-report-'));
    writeLoopRun(join(root, 'ser'), 'ser-1');
    writeBaselineRun(join(root, 'seed'), 'seed-1', 0.6);
    writeBaselineRun(join(root, 'full'), 'full-1', 0.74);
    writeGridRun(join(root, 'grid'), 'grid-1', (tau, mode) => tau + (mode === 'b' ? 0.05 : 0));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('writes one self-contained HTML file into the run folder and prints its file:// URL with --open', async () => {
    const result = await runCli(['report', 'ser', '--baseline', 'seed-only=seed', '--baseline', 'full=full', '--open'], { cwd: root });
    assert.equal(result.exitCode, 0, result.all);
    const url = result.stdout.trim();
    assert.match(url, /^file:\/\/.*\/ser\/report\.html$/);
    const html = readFileSync(fileURLToPath(url), 'utf8');
    assert.ok(!/<script|<link|<img|<iframe/i.test(html), 'no scripts and no external assets');
    assert.ok(!/(src|href)\s*=\s*["']?(https?:)?\/\//i.test(html), 'no network references');
    assert.ok(html.includes('seed-1 (done)') && html.includes('full-1 (done)'), 'baselines listed');
    assert.ok(html.includes('<th>train.backend</th><td>wasm</td>'), 'summary output shown');
    assert.ok(html.includes('<svg xmlns="http://www.w3.org/2000/svg" class="run-graph"'), 'graph embedded');
  });

  it('draws every configured chart with its data points, and says which references had no data', async () => {
    const html = readFileSync(join(root, 'ser', 'report.html'), 'utf8');
    const figures = getFigures(html);
    assert.deepEqual(
      figures.map((f) => f.title),
      ['Accuracy per loop', 'Admitted pairs', 'Tuning curves', 'Never produced'],
    );
    const [accuracy, admitted, tuning, never] = figures;
    assert.equal(accuracy.points, 5, '3 visits + 2 baselines');
    assert.equal(countMarks(accuracy.body, 'symbol'), 3);
    assert.equal(countMarks(accuracy.body, 'rule'), 2);
    assert.equal(countMarks(admitted.body, 'rect'), 6, '3 visits × 2 series of bars');
    assert.equal(countMarks(tuning.body, 'symbol'), 16);
    assert.equal(never.points, 0);
    assert.match(never.body, /<svg xmlns="http:\/\/www.w3.org\/2000\/svg" class="no-data"/);
    assert.ok(!/Infinity|NaN|1\.797/.test(html), 'no chart has a degenerate size');
    assert.match(never.body, /no data for evaluate\.nothing/);
  });

  it('ranks grid trials and draws a heatmap of the final metric over two params', async () => {
    const result = await runCli(['report', join(root, 'grid')]);
    assert.equal(result.exitCode, 0, result.all);
    const html = readFileSync(join(root, 'grid', 'report.html'), 'utf8');
    assert.match(html, /Grid: 4 trials ranked by evaluate\.accuracy \(maximize\)/);
    const table = html.slice(html.indexOf('<table class="trials">'));
    const order = [...table.matchAll(/<tr><td class="num">(\d+)<\/td><td>(grid-1-t\d)<\/td>/g)].map((m) => `${m[1]}:${m[2]}`);
    assert.deepEqual(order, ['1:grid-1-t3', '2:grid-1-t2', '3:grid-1-t1', '4:grid-1-t0']);
    const heatmap = getFigures(html).find((f) => f.title.startsWith('final evaluate.accuracy over tau × mode'));
    assert.ok(heatmap, 'heatmap figure present');
    assert.equal(heatmap.points, 4);
    assert.equal(countMarks(heatmap.body, 'rect'), 4);
    assert.ok(heatmap.body.includes('>0.950</text>'), 'cells are labelled with their value');
  });

  it('reports a real grid run: trials ranked, heatmap over two params, the best trial drawn', async () => {
    const run = await runCli(['run', join(FIXTURES, 'e-grid.yaml'), '--run-dir', root, '--run-id', 'real-grid'], { cwd: root });
    assert.equal(run.exitCode, 0, run.all);
    const result = await runCli(['report', 'real-grid', '--run-dir', root], { cwd: root });
    assert.equal(result.exitCode, 0, result.all);
    const html = readFileSync(join(root, 'real-grid', 'report.html'), 'utf8');
    assert.match(html, /Grid: 6 trials ranked by learn\.accuracy \(maximize\)/);
    const table = html.slice(html.indexOf('<table class="trials">'));
    const first = /<tr><td class="num">1<\/td><td>[^<]+<\/td><td class="num">(\d+)<\/td><td class="num">([\d.]+)<\/td><td>done<\/td><td class="num">([\d.]+)<\/td>/.exec(table);
    assert.deepEqual(first?.slice(1), ['3', '0.05', '0.7'], 'loops 3 at gain 0.05 ranks first');
    const figures = getFigures(html);
    const heatmap = figures.find((f) => f.title === 'final learn.accuracy over loops × gain');
    assert.equal(heatmap?.points, 6);
    assert.equal(countMarks(heatmap?.body ?? '', 'rect'), 6);
    const accuracy = figures.find((f) => f.title === 'Accuracy per loop');
    assert.equal(accuracy?.points, 3, "the best trial's three loops");
    assert.match(html, /those of its best trial/);
  });

  it('rejects a missing run or a malformed --baseline with exit 2 and no stack trace', async () => {
    const missing = await runCli(['report', 'no-such-run'], { cwd: root });
    assert.equal(missing.exitCode, 2);
    assert.match(missing.stderr, /report: no run "no-such-run": not a run folder and not a run id under runs\//);
    const bad = await runCli(['report', 'ser', '--baseline', 'seed'], { cwd: root });
    assert.equal(bad.exitCode, 2);
    assert.match(bad.stderr, /--baseline expects name=<run>, got "seed"/);
    for (const r of [missing, bad]) assert.ok(!/\n\s+at /.test(r.stderr), r.stderr);
    assert.ok(!existsSync(join(root, 'no-such-run')));
  });
});
