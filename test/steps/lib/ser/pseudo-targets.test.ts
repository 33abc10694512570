import assert from 'node:assert/strict';
import type { AdmittedPair, PairScore } from '../../../../steps/lib/data/records.js';
import { averageScores } from '../../../../steps/lib/ser/average-scores.js';
import { accumulateTraining } from '../../../../steps/lib/ser/select-pairs.js';
import { getPseudoTarget, toTrainingPairs } from '../../../../steps/lib/ser/to-training-pairs.js';

const admitted = (id: string, pChosen: number, pRejected: number, weight = 1): AdmittedPair => ({
  id, prompt: 'q', chosen: `c-${id}`, rejected: `r-${id}`, weight, source: 'self', loop: 1, rm: 'm', p_chosen: pChosen, p_rejected: pRejected, rule: 'status1',
});
const round = (x: number) => Math.round(x * 1e9) / 1e9;

describe('pseudo-label targets', () => {
  it('hard targets (the default) keep one row per admitted pair, as the official code', () => {
    assert.deepEqual(toTrainingPairs([admitted('p0', 0.9, 0.1, 0.5)]), [{ id: 'p0', prompt: 'q', chosen: 'c-p0', rejected: 'r-p0', weight: 0.5, source: 'self' }]);
  });

  it('soft targets are σ(logit p_chosen − logit p_rejected), written as a weighted forward and reversed row', () => {
    // logit 0.75 − logit 0.25 = 2 ln 3, σ(2 ln 3) = 9 / 10.
    assert.equal(round(getPseudoTarget({ p_chosen: 0.75, p_rejected: 0.25 }, { targets: 'soft' })), 0.9);
    const rows = toTrainingPairs([admitted('p0', 0.75, 0.25, 2)], { targets: 'soft' });
    assert.deepEqual(rows.map((r) => [r.id, r.chosen, r.rejected, round(r.weight!)]), [['p0', 'c-p0', 'r-p0', 1.8], ['p0~reversed', 'r-p0', 'c-p0', 0.2]]);
    assert.ok(rows.every((r) => r.source === 'self'));
  });

  it('label smoothing caps the target at 1 − ε, for hard and soft targets alike', () => {
    assert.equal(getPseudoTarget({ p_chosen: 0.99, p_rejected: 0.01 }, { smoothing: 0.1 }), 0.9);
    assert.equal(getPseudoTarget({ p_chosen: 0.99, p_rejected: 0.01 }, { targets: 'soft', smoothing: 0.1 }), 0.9);
    assert.equal(round(getPseudoTarget({ p_chosen: 0.75, p_rejected: 0.25 }, { targets: 'soft', smoothing: 0.05 })), 0.9, 'a softer RM target stays');
    assert.throws(() => getPseudoTarget({ p_chosen: 0.9, p_rejected: 0.1 }, { smoothing: 0.5 }), /label smoothing must be in \[0, 0\.5\)/);
  });

  it('accumulates by default, and with revise replaces every earlier pseudo-label while keeping the human ones', () => {
    const human = { id: 'h0', prompt: 'q', chosen: 'x', rejected: 'y', source: 'human' as const };
    const loop1 = accumulateTraining([human], [admitted('p0', 0.9, 0.1), admitted('p1', 0.8, 0.3)], { targets: 'soft' });
    assert.deepEqual(loop1.map((p) => p.id), ['h0', 'p0', 'p0~reversed', 'p1', 'p1~reversed']);
    assert.throws(() => accumulateTraining(loop1, [admitted('p1', 0.7, 0.2)]), /"p1" is already in the training set: .*or set revise/);
    const loop2 = accumulateTraining(loop1, [admitted('p1', 0.7, 0.2), admitted('p2', 0.9, 0.2)], { revise: true });
    assert.deepEqual(loop2.map((p) => p.id), ['h0', 'p1', 'p2']);
    assert.throws(() => accumulateTraining([human], [admitted('h0', 0.9, 0.1)], { revise: true }), /"h0" is already in the training set: a labeled pair is also in the pool/);
  });
});

describe('averageScores', () => {
  const table = (rows: Array<[string, number, number]>): PairScore[] => rows.map(([id, p_a, p_b]) => ({ id, r_a: p_a * 10, r_b: p_b * 10, p_a, p_b }));

  it('averages p and r per pair over the RMs, matching pairs by id, in the first table’s order', () => {
    const avg = averageScores([table([['x', 0.9, 0.1], ['y', 0.4, 0.6]]), table([['y', 0.6, 0.6], ['x', 0.7, 0.5]])]);
    assert.deepEqual(avg.map((s) => [s.id, round(s.p_a), round(s.p_b), round(s.r_a)]), [['x', 0.8, 0.3, 8], ['y', 0.5, 0.6, 5]]);
  });

  it('one table passes through; tables over different pools fail with a fix', () => {
    assert.deepEqual(averageScores([table([['x', 0.9, 0.1]])]), table([['x', 0.9, 0.1]]));
    assert.throws(() => averageScores([table([['x', 0.9, 0.1]]), table([['z', 0.9, 0.1]])]), /pair "x" is missing from scores table 2: score the same pool with every RM/);
    assert.throws(() => averageScores([table([['x', 0.9, 0.1]]), table([])]), /scores table 2 has 0 pairs, the first has 1/);
    assert.throws(() => averageScores([]), /at least one/);
  });
});
