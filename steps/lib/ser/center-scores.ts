import type { PairScore } from '../data/records.js';

/**
 * The pairwise loss leaves the RM's reward offset (and, early in training, its scale) free, so σ(r) against
 * fixed thresholds depends on where they drifted. `pool-mean` recomputes p = σ(r − mean r) over all pool
 * responses; `pool-z` standardises, p = σ((r − mean r) / sd r). Neither needs labels.
 */
export type Centering = 'none' | 'pool-mean' | 'pool-z';

export function centerScores(scores: readonly PairScore[], centering: Centering): { scores: PairScore[]; offset: number; scale: number } {
  if (centering === 'none' || scores.length === 0) return { scores: scores.slice(), offset: 0, scale: 1 };
  let sum = 0;
  for (const s of scores) sum += s.r_a + s.r_b;
  const offset = sum / (2 * scores.length);
  let squares = 0;
  for (const s of scores) squares += (s.r_a - offset) ** 2 + (s.r_b - offset) ** 2;
  const sd = Math.sqrt(squares / (2 * scores.length));
  const scale = centering === 'pool-z' && sd > 0 ? sd : 1;
  return {
    offset,
    scale,
    scores: scores.map((s) => ({ id: s.id, r_a: s.r_a, r_b: s.r_b, p_a: sigmoid((s.r_a - offset) / scale), p_b: sigmoid((s.r_b - offset) / scale) })),
  };
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
