// Generated from schemas/steps/evaluate-rm.inputs.schema.json by scripts/gen-types.mjs. Do not edit.

/**
 * Inputs of evaluate-rm: pairwise accuracy on a test set, and optionally the quality of a loop's pseudo-labels.
 */
export interface EvaluateRmInputs {
  /**
   * A model folder written by train-rm.
   */
  model: string;
  /**
   * Labeled pairs file: {id, prompt, chosen, rejected} per line.
   */
  test: string;
  /**
   * admitted.jsonl of the latest loop, or a list of them (their pairs are pooled).
   */
  admitted?: string | string[];
  /**
   * pool-labels.jsonl: {id, label: a|b}. With admitted and pool, gives pseudo_label_precision.
   */
  hidden_labels?: string;
  /**
   * pool.jsonl the admitted pairs came from ({id, prompt, a, b}): maps a label a|b to its answer text.
   */
  pool?: string;
  /**
   * As in train-rm.
   */
  backend?: string;
}
