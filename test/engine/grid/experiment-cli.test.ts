import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getOnlyRun, runCli, workflowsDir } from './run-cli.js';

// x-experiment: 3 methods × 3 seeds of the x-accuracy fixture, whose accuracies are fixed per method and seed
// (the hand-computed statistics are in test/engine/report/experiment/collect-experiment.test.ts).
const TABLE = `experiment: method × seed (3 seeds: 1, 2, 3); accuracy = evaluate.accuracy or evaluate_full.accuracy or evaluate_seed.accuracy
  method                            n  accuracy (mean ± sd)
  seed                              3       0.7100 ± 0.0100
  ser                               3       0.7267 ± 0.0153
  full                              3       0.7633 ± 0.0153
  length only (longer answer wins)  3       0.6200 ± 0.0100

paired over seed (t-interval with n − 1 degrees of freedom; wins/ties/losses over seeds):
  difference   n     mean      se             95 % CI  W/T/L
  ser − seed   3  +0.0167  0.0120  [-0.0350, +0.0684]  2/1/0
  full − seed  3  +0.0533  0.0133  [-0.0040, +0.1107]  3/0/0
share of the seed → full gap closed by ser: 31 % (95 % bootstrap CI [`;

const LOOPS = `per loop of ser (mean ± sd over seeds):
  loop  seeds  admitted        precision         accuracy
  1         3    12 ± 1  0.9000 ± 0.0000  0.7167 ± 0.0153
  2         3    22 ± 1  0.8000 ± 0.0000  0.7267 ± 0.0153`;

describe('grid: the experiment table of report.experiment', function () {
  this.timeout(120_000);
  let runsDir: string;
  before(() => (runsDir = mkdtempSync(join(tmpdir(), 'ser-flow-experiment-'))));
  after(() => rmSync(runsDir, { recursive: true, force: true }));

  it('`run` prints it at the end of the grid from the trials\' run folders, and `compare` after its trial table', async () => {
    const run = await runCli(['run', join(workflowsDir, 'x-experiment.yaml'), '--run-dir', runsDir]);
    assert.equal(run.exitCode, 0, run.all);
    assert.ok(run.stdout.includes(TABLE), run.stdout);
    assert.match(run.stdout, /gap closed by ser: 31 % \(95 % bootstrap CI \[-?\d+ %, \d+ %\], 500 resamples of seeds, bootstrap seed 3\)/);
    assert.ok(run.stdout.includes(LOOPS), run.stdout);
    const compare = await runCli(['compare', getOnlyRun(runsDir)]);
    assert.equal(compare.exitCode, 0, compare.all);
    const trialTable = compare.stdout.indexOf('rank');
    assert.ok(trialTable >= 0 && compare.stdout.indexOf(TABLE) > trialTable, compare.stdout);
    assert.ok(compare.stdout.includes(LOOPS));
    const json = await runCli(['compare', getOnlyRun(runsDir), '--json']);
    assert.doesNotThrow(() => JSON.parse(json.stdout), 'the experiment table stays out of --json');
  });

  it('`report` writes the same blocks into the page, with their charts (the browser test draws them)', async () => {
    const report = await runCli(['report', getOnlyRun(runsDir)]);
    assert.equal(report.exitCode, 0, report.all);
    const html = readFileSync(join(getOnlyRun(runsDir), 'report.html'), 'utf8');
    const section = /<section class="experiment">[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    assert.ok(section.includes('<td>ser − seed</td><td class="num">3</td><td class="num">+0.0167</td><td class="num">0.0120</td><td class="num">[-0.0350, +0.0684]</td><td class="num">2/1/0</td>'), section);
    assert.deepEqual([...section.matchAll(/data-title="([^"]+)"/g)].map((m) => m[1]), ['paired differences per seed', 'admitted per loop of ser', 'precision per loop of ser', 'accuracy per loop of ser']);
  });

  it('reads trials whose steps all came from the step cache like any other', async () => {
    // Same runs folder, so every step of the second grid is a cache hit.
    const again = await runCli(['run', join(workflowsDir, 'x-experiment.yaml'), '--run-dir', runsDir, '--run-id', 'again']);
    assert.equal(again.exitCode, 0, again.all);
    const results = readdirSync(join(runsDir, 'again', 'trials')).flatMap((trial) => {
      const steps = join(runsDir, 'again', 'trials', trial, 'steps');
      return readdirSync(steps).flatMap((state) => readdirSync(join(steps, state)).map((visit) => join(steps, state, visit, 'result.json')));
    });
    assert.equal(results.length, 3 + 3 * 5 + 3 * 2, 'seed: 1 step, ser: 5 (evaluate_seed, 2 × select and evaluate), full: 2');
    for (const file of results) assert.ok(JSON.parse(readFileSync(file, 'utf8')).reused_from, `${file} came from the cache`);
    assert.ok(again.stdout.includes(TABLE), again.stdout);
    assert.ok(again.stdout.includes(LOOPS), again.stdout);
  });

  it('a grid with a failed trial still prints the table of what finished, and exits 1', async () => {
    const failed = await runCli(['run', join(workflowsDir, 'x-experiment.yaml'), '--run-dir', runsDir, '--run-id', 'failed', '--set', 'fail_seed=3', '--no-cache']);
    assert.equal(failed.exitCode, 1, failed.all);
    // SER of seed 3 failed after its seed RM's evaluate_seed: that fallback accuracy must not count as SER's.
    assert.match(failed.stdout, /\n  ser +2 +0\.7350 ± 0\.0071 +1 left out \(not done, or no accuracy\)\n/);
    assert.match(failed.stdout, /\n  ser − seed +2 +\+0\.0250 /);
    assert.match(failed.all, /run failed failed: 1 of 9 trials did not succeed/);
  });
});
