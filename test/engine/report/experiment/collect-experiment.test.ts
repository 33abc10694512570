import assert from 'node:assert/strict';
import type { ReportExperiment, Workflow } from '../../../../schemas/workflow-types.js';
import { collectExperiment } from '../../../../engine/report/experiment/collect-experiment.js';
import { formatExperiment } from '../../../../engine/report/experiment/format-experiment.js';
import type { RunData, VisitRecord } from '../../../../engine/report/run-data.js';

const close = (actual: number, expected: number, tolerance = 1e-6) => assert.ok(Math.abs(actual - expected) < tolerance, `${actual} is not ${expected}`);

const spec: ReportExperiment = {
  method: 'method',
  seed: 'seed',
  control: 'seed',
  treatment: 'ser',
  reference: 'full',
  metric: ['evaluate.accuracy', 'evaluate_full.accuracy', 'evaluate_seed.accuracy'],
  length_baseline: 'evaluate_seed.length_accuracy',
  loops: { admitted: 'select.admitted', accuracy: 'evaluate.accuracy' },
  bootstrap: { resamples: 500, seed: 3 },
};

function makeVisits(outputs: Record<string, unknown>[]): VisitRecord[] {
  return outputs.map((o, visit) => ({ visit, outputs: o, attempts: 1, metrics: [] }));
}

/** A trial run as the report reads it: its params and its states' visits. */
function makeTrial(method: string, seed: number, visits: Record<string, Record<string, unknown>[]>): RunData {
  return {
    dir: `/runs/g/trials/${method}-${seed}`,
    id: `${method}-${seed}`,
    workflow: { name: 'x', start: 'a', states: {} } as unknown as Workflow,
    params: { method, seed },
    status: 'done',
    visits: Object.fromEntries(Object.entries(visits).map(([state, list]) => [state, makeVisits(list)])),
    plugins: {},
    trials: [],
  };
}

function makeParent(trials: RunData[]): RunData {
  return { ...makeTrial('-', 0, {}), trials };
}

// Seed-only: 0.70, 0.72, 0.71; SER (loop 2 = final): 0.74, 0.73, 0.71; full: 0.78, 0.76, 0.75.
const SEED = [0.7, 0.72, 0.71];
const SER = [0.74, 0.73, 0.71];
const FULL = [0.78, 0.76, 0.75];

function makeGrid(full = FULL): RunData {
  return makeParent([
    ...SEED.map((acc, i) => makeTrial('seed', i + 1, { evaluate_seed: [{ accuracy: acc, length_accuracy: 0.6 + (i + 1) / 100 }] })),
    ...SER.map((acc, i) =>
      makeTrial('ser', i + 1, {
        evaluate_seed: [{ accuracy: SEED[i], length_accuracy: 0.6 + (i + 1) / 100 }],
        select: [{ admitted: 10 + i + 1 }, { admitted: 20 + i + 1 }],
        evaluate: [{ accuracy: acc - 0.01 }, { accuracy: acc }],
      }),
    ),
    ...full.map((acc, i) => makeTrial('full', i + 1, { evaluate_full: [{ accuracy: acc }] })),
  ]);
}

describe('report: the experiment of a methods × seeds grid', () => {
  it('pairs SER − seed and full − seed over seeds, checked by hand', () => {
    const data = collectExperiment(makeGrid(), spec)!;
    assert.deepEqual(data.seeds, ['1', '2', '3']);
    assert.deepEqual(data.methods.map((m) => [m.method, m.accuracy.n]), [['seed', 3], ['ser', 3], ['full', 3]]);
    // seed: mean (0.70 + 0.72 + 0.71) / 3 = 0.71; deviations −0.01, +0.01, 0 → sd = √(2e-4 / 2) = 0.01.
    close(data.methods[0]!.accuracy.mean, 0.71);
    close(data.methods[0]!.accuracy.sd, 0.01);
    // SER − seed: 0.04, 0.01, 0.00 → mean 0.05 / 3 = 0.0166667; deviations 0.0233333, −0.0066667, −0.0166667,
    // squares sum to (5.4444 + 0.4444 + 2.7778)e-4 = 8.6667e-4, / (3 − 1) = 4.3333e-4 → sd 0.0208167;
    // se = sd / √3 = 0.0120185; t(0.975, df 2) = 4.302653 → half-width 0.0517113 → [−0.0350446, +0.0683780];
    // 0.04 and 0.01 are wins, 0.00 a tie: 2/1/0.
    const d = data.treatmentDiff!;
    assert.deepEqual(d.seeds, ['1', '2', '3']);
    close(d.stats.mean, 0.0166667);
    close(d.stats.sd, 0.0208167);
    close(d.stats.se, 0.0120185);
    close(d.stats.ci.low, -0.0350446);
    close(d.stats.ci.high, 0.068378);
    assert.deepEqual([d.stats.wins, d.stats.ties, d.stats.losses], [2, 1, 0]);
    // full − seed: 0.08, 0.04, 0.04 → mean 0.0533333, all wins.
    close(data.referenceDiff!.stats.mean, 0.0533333);
    assert.deepEqual([data.referenceDiff!.stats.wins, data.referenceDiff!.stats.losses], [3, 0]);
    // Gap closed: mean(SER − seed) / mean(full − seed) = 0.05 / 0.16 = 0.3125.
    close(data.gap!.share!, 0.3125);
    assert.equal(data.gap!.resamples, 500);
    assert.equal(data.gap!.bootstrapSeed, 3);
    // Length baseline per seed (one trial per seed): 0.61, 0.62, 0.63 → 0.62 ± 0.01.
    close(data.lengthBaseline!.accuracy.mean, 0.62);
    assert.equal(data.lengthBaseline!.accuracy.n, 3);
    // Loop k = visit k − 1: admitted 11, 12, 13 → 12 ± 1; accuracy 0.73, 0.72, 0.70 → 0.7166667.
    assert.deepEqual(data.loops!.columns, ['admitted', 'accuracy']);
    assert.deepEqual(data.loops!.rows.map((r) => [r.loop, r.seeds, r.cells[0]!.mean, r.cells[0]!.sd]), [[1, 3, 12, 1], [2, 3, 22, 1]]);
    close(data.loops!.rows[0]!.cells[1]!.mean, 0.7166667);
    const text = formatExperiment(data);
    assert.match(text, /ser − seed +3 +\+0\.0167 +0\.0120 +\[-0\.0350, \+0\.0684\] +2\/1\/0/);
    assert.match(text, /full − seed +3 +\+0\.0533 /);
    assert.match(text, /share of the seed → full gap closed by ser: 31 % \(95 % bootstrap CI \[-?\d+ %, \d+ %\], 500 resamples of seeds, bootstrap seed 3\)/);
    assert.match(text, /length only \(longer answer wins\) +3 +0\.6200 ± 0\.0100/);
  });

  it('says n/a for the gap closed when full ≤ seed (mean over seeds)', () => {
    // full − seed: −0.01, +0.01, −0.01 → mean −0.0033 ≤ 0: no gap to close, although one seed has one.
    const data = collectExperiment(makeGrid([0.69, 0.73, 0.7]), spec)!;
    assert.equal(data.gap!.share, null);
    assert.equal(data.gap!.interval, null);
    assert.match(formatExperiment(data), /gap closed by ser: n\/a \(full ≤ seed\)/);
  });

  it('draws the same bootstrap interval for the same bootstrap seed, another for another', () => {
    const a = collectExperiment(makeGrid(), spec)!.gap!;
    const b = collectExperiment(makeGrid(), spec)!.gap!;
    const c = collectExperiment(makeGrid(), { ...spec, bootstrap: { resamples: 500, seed: 4 } })!.gap!;
    assert.deepEqual(a, b);
    assert.notDeepEqual(a.interval, c.interval);
  });

  it('leaves out a trial that did not finish, though it has a fallback output (its seed RM\'s accuracy)', () => {
    const grid = makeGrid();
    const failed = grid.trials.find((t) => t.params.method === 'ser' && t.params.seed === 3)!;
    failed.status = 'failed';
    const data = collectExperiment(grid, spec)!;
    assert.deepEqual([data.methods[1]!.accuracy.n, data.methods[1]!.missing], [2, 1]);
    assert.deepEqual(data.treatmentDiff!.seeds, ['1', '2']);
    assert.deepEqual(data.loops!.rows.map((r) => r.seeds), [2, 2]);
  });

  it('pairs only seeds both methods have, counts trials without the metric, and names repeated trials', () => {
    const grid = makeGrid();
    grid.trials = grid.trials.filter((t) => !(t.params.method === 'ser' && t.params.seed === 3));
    grid.trials.push(makeTrial('ser', 3, {}), makeTrial('seed', 1, { evaluate_seed: [{ accuracy: 0.1 }] }));
    const data = collectExperiment(grid, spec)!;
    assert.deepEqual(data.treatmentDiff!.seeds, ['1', '2']);
    assert.equal(data.methods[1]!.missing, 1);
    close(data.methods[0]!.accuracy.mean, 0.71, 1e-12);
    assert.equal(data.duplicates, 1);
    const text = formatExperiment(data);
    assert.match(text, /ser +2 +0\.7350 ± 0\.0071 +1 left out \(not done, or no accuracy\)/);
    assert.match(text, /1 trial repeats a method and seed: only the first of each is counted/);
  });
});
