import type { PairScore } from '../data/records.js';

/**
 * Selection by an ensemble: the per-answer p (and r) of several RMs over the same pool, averaged. Centre each
 * RM's scores first (center-scores.ts): rewards of independently trained RMs share neither offset nor scale.
 */
export function averageScores(runs: ReadonlyArray<readonly PairScore[]>): PairScore[] {
  if (runs.length === 0) throw new Error('averageScores needs at least one scores table');
  if (runs.length === 1) return runs[0].slice();
  const others = runs.slice(1).map((run, k) => {
    const byId = new Map(run.map((s) => [s.id, s]));
    if (byId.size !== runs[0].length) throw new Error(`scores table ${k + 2} has ${byId.size} pairs, the first has ${runs[0].length}: score the same pool with every RM`);
    return byId;
  });
  return runs[0].map((first) => {
    const all = [first, ...others.map((byId, k) => {
      const s = byId.get(first.id);
      if (!s) throw new Error(`pair "${first.id}" is missing from scores table ${k + 2}: score the same pool with every RM`);
      return s;
    })];
    const mean = (f: (s: PairScore) => number) => all.reduce((sum, s) => sum + f(s), 0) / all.length;
    return { id: first.id, r_a: mean((s) => s.r_a), r_b: mean((s) => s.r_b), p_a: mean((s) => s.p_a), p_b: mean((s) => s.p_b) };
  });
}
