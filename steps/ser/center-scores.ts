import type { PairScore } from '../data/records.js';

/**
 * The pairwise loss leaves the RM's reward offset free, so σ(r) against fixed thresholds depends on where
 * that offset drifted. `pool-mean` recomputes p = σ(r − mean r) over all pool responses (no labels needed).
 */
export type Centering = 'none' | 'pool-mean';

export function centerScores(scores: readonly PairScore[], centering: Centering): { scores: PairScore[]; offset: number } {
  if (centering === 'none' || scores.length === 0) return { scores: scores.slice(), offset: 0 };
  let sum = 0;
  for (const s of scores) sum += s.r_a + s.r_b;
  const offset = sum / (2 * scores.length);
  return {
    offset,
    scores: scores.map((s) => ({ id: s.id, r_a: s.r_a, r_b: s.r_b, p_a: sigmoid(s.r_a - offset), p_b: sigmoid(s.r_b - offset) })),
  };
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
