// Generated from schemas/steps/score-pairs.outputs.schema.json by scripts/gen-types.mjs. Do not edit.

export interface ScorePairsOutputs {
  /**
   * scores.jsonl: {id, r_a, r_b, p_a, p_b} per line, p = σ(r) per response.
   */
  scores: string;
  count: number;
  /**
   * Over all 2·count rewards.
   */
  reward_mean: number;
  reward_std: number;
  backend: string;
  implementation?: string;
  device?: string;
}
