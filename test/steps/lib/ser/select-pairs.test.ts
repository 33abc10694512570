import assert from 'node:assert/strict';
import type { PairScore, PoolPair } from '../../../../steps/lib/data/records.js';
import { accumulateTraining, selectPairs } from '../../../../steps/lib/ser/select-pairs.js';
import { isStatus1, isStatus2, type Thresholds } from '../../../../steps/lib/ser/status-rules.js';

const T: Thresholds = { tauHigh: 0.55, tauLow: 0.45, tauDelta: 0.3 }; // the official code's, ser-select's schema defaults
const pool = (n: number): PoolPair[] => Array.from({ length: n }, (_, i) => ({ id: `p${i}`, prompt: `q${i}`, a: `a${i}`, b: `b${i}` }));
const scores = (ps: Array<[number, number]>): PairScore[] => ps.map(([p_a, p_b], i) => ({ id: `p${i}`, r_a: 0, r_b: 0, p_a, p_b }));

describe('SER status rules', () => {
  it('Status 1 is strict at τhigh and τlow (as the official code)', () => {
    assert.equal(isStatus1(0.56, 0.44, T), true);
    assert.equal(isStatus1(0.44, 0.56, T), true, 'either order');
    assert.equal(isStatus1(0.55, 0.44, T), false, 'p exactly at τhigh does not qualify');
    assert.equal(isStatus1(0.56, 0.45, T), false, 'p exactly at τlow does not qualify');
    assert.equal(isStatus1(0.9, 0.5, T), false);
  });

  it('Status 2 is inclusive at τΔ (the paper), including floating-point differences meant to be exact', () => {
    assert.equal(isStatus2(0.7, 0.4, T), true, '0.7 − 0.4 is 0.29999999999999993 in floats');
    assert.equal(isStatus2(0.4, 0.7, T), true);
    assert.equal(isStatus2(0.8, 0.5, T), true);
    assert.equal(isStatus2(0.69, 0.4, T), false);
    assert.equal(isStatus2(0.5, 0.5, { ...T, tauDelta: 0 }), false, 'equal scores carry no preference');
  });
});

describe('selectPairs', () => {
  const table: Array<[number, number]> = [
    [0.6, 0.4], // status 1 (and not 2: Δ 0.2)
    [0.3, 0.7], // status 1 and 2, b wins
    [0.52, 0.2], // status 2 only (0.52 < τhigh)
    [0.5, 0.5], // nothing
    [0.55, 0.45], // exactly at both thresholds: nothing
    [0.62, 0.32], // status 2 at exactly Δ = 0.3 (and status 1)
  ];

  it('code mode admits the union in one pass, swaps chosen/rejected when b scores higher, and records provenance', () => {
    const s = selectPairs({ pool: pool(6), scores: scores(table), thresholds: T, loop: 2, rm: 'runs/x/model', weight: 0.5 });
    assert.equal(s.status, 'status1');
    assert.deepEqual(s.admitted.map((a) => [a.id, a.rule]), [['p0', 'status1'], ['p1', 'status1'], ['p2', 'status2'], ['p5', 'status1']]);
    assert.deepEqual([s.status1Count, s.status2Count], [3, 3]);
    const p1 = s.admitted[1];
    assert.deepEqual(p1, { id: 'p1', prompt: 'q1', chosen: 'b1', rejected: 'a1', weight: 0.5, source: 'self', loop: 2, rm: 'runs/x/model', p_chosen: 0.7, p_rejected: 0.3, rule: 'status1' });
    assert.equal(s.admitted[0].chosen, 'a0');
    assert.deepEqual(s.remaining.map((p) => p.id), ['p3', 'p4']);
  });

  it('code mode reports status2 when only the Δ rule fires, and stop when fewer than n_min qualify', () => {
    assert.equal(selectPairs({ pool: pool(6), scores: scores(table), thresholds: T, loop: 0, rm: 'm', nMin: 5 }).status, 'stop');
    const only2 = selectPairs({ pool: pool(1), scores: scores([[0.52, 0.2]]), thresholds: T, loop: 0, rm: 'm' });
    assert.equal(only2.status, 'status2');
    const none = selectPairs({ pool: pool(1), scores: scores([[0.5, 0.5]]), thresholds: T, loop: 0, rm: 'm' });
    assert.deepEqual([none.status, none.admitted.length, none.remaining.length], ['stop', 0, 1]);
  });

  it('paper mode is staged: Status 1 if ≥ n_min meet it, else Status 2 if ≥ n_min, else Stop', () => {
    const run = (nMin: number) => selectPairs({ pool: pool(6), scores: scores(table), thresholds: T, mode: 'paper', nMin, loop: 1, rm: 'm' });
    const s1 = run(3);
    assert.equal(s1.status, 'status1');
    assert.deepEqual(s1.admitted.map((a) => a.id), ['p0', 'p1', 'p5']);
    const s2 = run(4);
    assert.equal(s2.status, 'stop', 'three pairs meet each rule: neither reaches 4');
    const table2: Array<[number, number]> = [[0.6, 0.4], [0.52, 0.2], [0.1, 0.45], [0.5, 0.5]];
    const staged = selectPairs({ pool: pool(4), scores: scores(table2), thresholds: T, mode: 'paper', nMin: 2, loop: 1, rm: 'm' });
    assert.equal(staged.status, 'status2');
    assert.deepEqual(staged.admitted.map((a) => [a.id, a.rule, a.chosen]), [['p1', 'status2', 'a1'], ['p2', 'status2', 'b2']]);
  });

  it('confidence weighting scales each pseudo-label by |p_chosen − p_rejected|', () => {
    const s = selectPairs({ pool: pool(2), scores: scores([[0.9, 0.1], [0.3, 0.7]]), thresholds: T, loop: 0, rm: 'm', weight: 2, weightBy: 'confidence' });
    assert.deepEqual(s.admitted.map((a) => Math.round(a.weight! * 1e9) / 1e9), [1.6, 0.8]);
  });

  it('max_admit keeps the most separated pairs, in pool order', () => {
    const s = selectPairs({ pool: pool(6), scores: scores(table), thresholds: T, loop: 0, rm: 'm', maxAdmit: 2 });
    assert.deepEqual(s.admitted.map((a) => a.id), ['p1', 'p2']);
    assert.equal(s.remaining.length, 4);
  });

  it('fails when a pool pair has no score', () => {
    assert.throws(() => selectPairs({ pool: pool(2), scores: scores([[0.9, 0.1]]), thresholds: T, loop: 0, rm: 'm' }), /pool pair "p1" has no score/);
    assert.throws(() => selectPairs({ pool: pool(1), scores: scores([[0.9, 0.1]]), thresholds: { ...T, tauLow: 0.8 }, loop: 0, rm: 'm' }), /tau_low \(0\.8\) must not exceed tau_high/);
  });

  it('the pool shrinks and the training set accumulates over loops, never admitting a pair twice', () => {
    let remaining = pool(6);
    let train = [{ id: 'h0', prompt: 'q', chosen: 'x', rejected: 'y', source: 'human' as const }];
    const s1 = selectPairs({ pool: remaining, scores: scores(table), thresholds: T, loop: 0, rm: 'm0' });
    train = accumulateTraining(train, s1.admitted) as typeof train;
    remaining = s1.remaining;
    assert.deepEqual([train.length, remaining.length], [5, 2]);
    const later = scores([[0.5, 0.5], [0.5, 0.5], [0.5, 0.5], [0.9, 0.1], [0.2, 0.8], [0.5, 0.5]]);
    const s2 = selectPairs({ pool: remaining, scores: later, thresholds: T, loop: 1, rm: 'm1' });
    train = accumulateTraining(train, s2.admitted) as typeof train;
    assert.deepEqual(train.map((p) => p.id), ['h0', 'p0', 'p1', 'p2', 'p5', 'p3', 'p4']);
    assert.equal(s2.remaining.length, 0);
    assert.throws(() => accumulateTraining(train, s2.admitted), /already in the training set/);
  });
});
