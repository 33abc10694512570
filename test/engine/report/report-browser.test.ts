// Renders the report of a real small run (ser-flow run → ser-flow report) and opens it in headless Chromium.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { FIXTURES, PROJECT_ROOT, runCli } from './run-cli.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// Browser globals used inside page.evaluate (the project compiles without the DOM lib).
interface ProbeCanvas {
  width: number;
  height: number;
  getContext(kind: '2d'): { drawImage(image: Image, x: number, y: number): void; getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
}
declare const document: { createElement(tag: 'canvas'): ProbeCanvas };
declare class Image {
  src: string;
  width: number;
  height: number;
  decode(): Promise<void>;
}

interface FigureInfo {
  title: string;
  declaredPoints: number;
  hasSvg: boolean;
  marks: number;
  width: number;
}

describe('report in headless Chromium', function () {
  let root: string;
  let browser: Browser | undefined;

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      console.log(`      skipped: ${CHROMIUM} is absent; install it with \`apt-get install -y chromium\` (CI does)`);
      this.skip();
    }
    root = mkdtempSync(join(tmpdir(), 'ser-flow-browser-'));
    const workflow = join(FIXTURES, 'e-loop.yaml');
    for (const [id, loops] of [['ser', '3'], ['seed', '1']]) {
      const run = await runCli(['run', workflow, '--run-dir', root, '--run-id', id, '--set', `loops=${loops}`], { cwd: root });
      assert.equal(run.exitCode, 0, run.all);
    }
    const report = await runCli(['report', join(root, 'ser'), '--baseline', `seed-only=${join(root, 'seed')}`], { cwd: root });
    assert.equal(report.exitCode, 0, report.all);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  after(async () => {
    await browser?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('loads without console errors or network requests, shows every chart as SVG with data points, and paints a non-blank page', async () => {
    assert.ok(browser);
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => !r.url().startsWith('file:') && problems.push(`request: ${r.url()}`));
    const file = join(root, 'ser', 'report.html');
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });

    const figures: FigureInfo[] = await page.$$eval('figure.chart', (nodes) =>
      nodes.map((node) => {
        const svg = node.querySelector('svg');
        const marks = svg ? svg.querySelectorAll('g[class*="role-mark"] path, g[class*="role-mark"] line').length : 0;
        return {
          title: node.getAttribute('data-title') ?? '',
          declaredPoints: Number(node.getAttribute('data-points')),
          hasSvg: !!svg,
          marks,
          width: svg ? svg.getBoundingClientRect().width : 0,
        };
      }),
    );
    assert.deepEqual(
      figures.map((f) => f.title),
      ['Accuracy per loop', 'Admitted pairs per loop', 'Training loss'],
    );
    for (const f of figures) {
      assert.ok(f.hasSvg, `${f.title}: no SVG`);
      assert.ok(f.declaredPoints > 0, `${f.title}: no data points`);
      assert.ok(f.marks > 0, `${f.title}: SVG has no marks`);
      assert.ok(f.width > 200, `${f.title}: drawn ${f.width}px wide`);
    }
    assert.equal(figures[0].declaredPoints, 4, 'three visits and the seed-only baseline');
    assert.equal(figures[1].marks, 3, 'one bar per visit');
    assert.equal(figures[2].declaredPoints, 15, 'five loss metrics in each of three visits');
    const graphNodes = await page.$$eval('svg.run-graph g.node', (nodes) => nodes.map((n) => `${n.getAttribute('data-state')}:${n.getAttribute('data-visits')}`));
    assert.deepEqual(graphNodes.sort(), ['done:0', 'learn:3', 'pick:3']);

    const png = join(root, 'report.png');
    await page.screenshot({ path: png, fullPage: true });
    // Keep a copy to look at: SER_FLOW_REPORT_SCREENSHOT=/tmp/report.png npx mocha …
    if (process.env.SER_FLOW_REPORT_SCREENSHOT) copyFileSync(png, process.env.SER_FLOW_REPORT_SCREENSHOT);
    // Decode the PNG in a blank page's canvas and measure grey-level variance: a blank page has ~0.
    const probe = await browser.newPage();
    const stats = await probe.evaluate(async (dataUrl) => {
      const image = new Image();
      image.src = dataUrl;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const context = canvas.getContext('2d');
      if (!context) return { width: 0, height: 0, variance: 0 };
      context.drawImage(image, 0, 0);
      const { data } = context.getImageData(0, 0, image.width, image.height);
      let sum = 0;
      let sumSquares = 0;
      const n = data.length / 4;
      for (let i = 0; i < data.length; i += 4) {
        const grey = (data[i] + data[i + 1] + data[i + 2]) / 3;
        sum += grey;
        sumSquares += grey * grey;
      }
      const mean = sum / n;
      return { width: image.width, height: image.height, variance: sumSquares / n - mean * mean };
    }, `data:image/png;base64,${readFileSync(png).toString('base64')}`);
    await probe.close();
    assert.ok(stats.width >= 1200 && stats.height > 900, `screenshot ${stats.width}×${stats.height}`);
    assert.ok(stats.variance > 100, `screenshot looks blank (grey variance ${stats.variance.toFixed(1)})`);
    assert.deepEqual(problems, []);
    await page.close();
  });
});

describe('report in headless Chromium: the experiment section of a methods × seeds grid', function () {
  this.timeout(120_000);
  let root: string;
  let browser: Browser | undefined;

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      console.log(`      skipped: ${CHROMIUM} is absent; install it with \`apt-get install -y chromium\` (CI does)`);
      this.skip();
    }
    root = mkdtempSync(join(tmpdir(), 'ser-flow-browser-experiment-'));
    const workflow = join(PROJECT_ROOT, 'test', 'fixtures', 'workflows', 'x-experiment.yaml');
    const run = await runCli(['run', workflow, '--run-dir', root, '--run-id', 'x'], { cwd: root });
    assert.equal(run.exitCode, 0, run.all);
    const report = await runCli(['report', join(root, 'x')], { cwd: root });
    assert.equal(report.exitCode, 0, report.all);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  after(async () => {
    await browser?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('shows the table the terminal prints, paired differences per seed and per-loop curves with bands', async () => {
    assert.ok(browser);
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.goto(pathToFileURL(join(root, 'x', 'report.html')).href, { waitUntil: 'load' });
    const rows: string[][] = await page.$$eval('section.experiment table tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent ?? '')));
    assert.deepEqual(rows.find((r) => r[0] === 'ser − seed'), ['ser − seed', '3', '+0.0167', '0.0120', '[-0.0350, +0.0684]', '2/1/0']);
    assert.deepEqual(rows.find((r) => r[0] === 'length only (longer answer wins)'), ['length only (longer answer wins)', '3', '0.6200 ± 0.0100']);
    assert.deepEqual(rows.find((r) => r[0] === '2'), ['2', '3', '22 ± 1', '0.8000 ± 0.0000', '0.7267 ± 0.0153']);
    const text = await page.$eval('section.experiment', (node) => node.textContent ?? '');
    assert.match(text, /gap closed by ser: 31 % \(95 % bootstrap CI \[-?\d+ %, \d+ %\], 500 resamples of seeds, bootstrap seed 3\)/);
    const figures = await page.$$eval('section.experiment figure.chart', (nodes) =>
      nodes.map((node) => ({
        title: node.getAttribute('data-title'),
        points: Number(node.getAttribute('data-points')),
        symbols: node.querySelectorAll('g[class*="role-mark"] path[transform]').length,
        areas: node.querySelectorAll('g[class*="mark-area"] path').length,
        width: node.querySelector('svg')?.getBoundingClientRect().width ?? 0,
      })),
    );
    assert.deepEqual(
      figures.map((f) => [f.title, f.points]),
      [['paired differences per seed', 6], ['admitted per loop of ser', 2], ['precision per loop of ser', 2], ['accuracy per loop of ser', 2]],
    );
    assert.ok(figures[0]!.symbols >= 6, `paired differences: ${figures[0]!.symbols} points drawn, expected one per seed and comparison`);
    for (const f of figures.slice(1)) assert.equal(f.areas, 1, `${f.title}: a band`);
    for (const f of figures) assert.ok(f.width > 200, `${f.title}: drawn ${f.width}px wide`);
    assert.deepEqual(problems, []);
    await page.close();
  });
});
