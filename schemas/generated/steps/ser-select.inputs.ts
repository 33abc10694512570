// Generated from schemas/steps/ser-select.inputs.schema.json by scripts/gen-types.mjs. Do not edit.

/**
 * Inputs of ser-select, SER's self-labeling and data selection. There is deliberately no input for the pool's hidden labels: selection sees only the RM's scores.
 */
export interface SerSelectInputs {
  /**
   * pool.jsonl: the unlabeled pairs still in the pool.
   */
  pool: string;
  /**
   * scores.jsonl from score-pairs over that pool.
   */
  scores: string;
  /**
   * The current training set (labeled + everything admitted so far).
   */
  train: string;
  /**
   * SER loop index, recorded on each admitted pair.
   */
  loop: number;
  /**
   * The RM that scored the pool (model id or path), recorded on each admitted pair.
   */
  rm: string;
  tau_high?: number;
  tau_low?: number;
  tau_delta?: number;
  /**
   * `code`: one pass, the union of both rules (the official code). `paper`: Status 1 if ≥ n_min pairs meet it, else Status 2 if ≥ n_min, else stop.
   */
  mode?: 'code' | 'paper';
  /**
   * Fewest qualifying pairs for a status to hold.
   */
  n_min?: number;
  /**
   * Admit at most this many pairs per loop, the most separated first.
   */
  max_admit?: number;
  /**
   * Training weight of each pseudo-labeled pair.
   */
  weight?: number;
  /**
   * `confidence`: multiply each admitted pair's weight by |p_chosen − p_rejected| (soft pseudo-labels; docs/ser-quality.md).
   */
  weight_by?: 'constant' | 'confidence';
  /**
   * scores.jsonl of further RMs (e.g. other init seeds) over the same pool: each table is centred on its own, then p is averaged over all RMs before the status rules.
   */
  ensemble_scores?: string[];
  /**
   * `hard`: an admitted pair trains as chosen ≻ rejected (the official code). `soft`: against the RM's own BT target t = σ(logit p_chosen − logit p_rejected), written as two weighted rows (docs/ser-quality.md).
   */
  targets?: 'hard' | 'soft';
  /**
   * Cap each pseudo-label's BT target at 1 − ε (two weighted rows when the target is below 1).
   */
  smoothing?: number;
  /**
   * Re-label every loop: pass the whole unlabeled pool as `pool`; every earlier pseudo-labeled pair (source `self`) leaves the training set and this loop's selection replaces it.
   */
  revise?: boolean;
  /**
   * `pool-mean`: threshold σ(r − mean r over the pool) instead of σ(r), so the RM's free reward offset does not decide what is admitted; `pool-z`: σ((r − mean r) / sd r), so neither offset nor scale does.
   */
  center?: 'none' | 'pool-mean' | 'pool-z';
}
