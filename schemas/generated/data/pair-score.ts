// Generated from schemas/data/pair-score.schema.json by scripts/gen-types.mjs. Do not edit.

/**
 * One line of scores.jsonl, written by score-pairs (docs/ser-files.md): the RM's rewards r and p = σ(r) for both sides of a pool pair.
 */
export interface PairScore {
  id: string;
  r_a: number;
  r_b: number;
  p_a: number;
  p_b: number;
}
