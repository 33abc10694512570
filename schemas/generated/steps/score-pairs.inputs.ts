// Generated from schemas/steps/score-pairs.inputs.schema.json by scripts/gen-types.mjs. Do not edit.

/**
 * Inputs of score-pairs: scores both answers of every pool pair with a reward model.
 */
export interface ScorePairsInputs {
  /**
   * A model folder written by train-rm.
   */
  model: string;
  /**
   * pool.jsonl: {id, prompt, a, b} per line.
   */
  pairs: string;
  /**
   * As in train-rm.
   */
  backend?: string;
  /**
   * Texts scored per forward pass.
   */
  batch_size?: number;
}
