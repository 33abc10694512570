// Generated from schemas/steps/ser-select.outputs.schema.json by scripts/gen-types.mjs. Do not edit.

/**
 * Outputs of ser-select.
 */
export interface SerSelectOutputs {
  /**
   * The learning status; `stop` when nothing (or fewer than n_min) qualifies.
   */
  status: 'status1' | 'status2' | 'stop';
  /**
   * Pairs admitted in this loop.
   */
  admitted: number;
  /**
   * admitted.jsonl with provenance (loop, rm, p_chosen, p_rejected, rule).
   */
  admitted_file: string;
  /**
   * The accumulated training set for the next RM.
   */
  train: string;
  train_size: number;
  /**
   * The remaining pool for the next loop.
   */
  pool: string;
  pool_size: number;
  /**
   * Pool pairs meeting the Status 1 rule.
   */
  status1_count: number;
  /**
   * Pool pairs meeting the Status 2 rule (a pair can meet both).
   */
  status2_count: number;
  /**
   * The reward subtracted before σ (0 without centring).
   */
  center_offset?: number;
  /**
   * The pool file this loop selected from (its `pool` input): with pool-labels.jsonl, an evaluation step can tell which admitted answer a human preferred.
   */
  scored_pool: string;
}
