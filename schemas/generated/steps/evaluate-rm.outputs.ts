// Generated from schemas/steps/evaluate-rm.outputs.schema.json by scripts/gen-types.mjs. Do not edit.

export interface EvaluateRmOutputs {
  /**
   * Share of test pairs with r_c > r_r (strict, as TRL).
   */
  accuracy: number;
  /**
   * Test pairs with r_c = r_r.
   */
  ties: number;
  /**
   * SER's official argmax rule: a tie counts as correct.
   */
  accuracy_ties_correct: number;
  /**
   * Mean r_c − r_r over test pairs.
   */
  margin: number;
  /**
   * Over all 2·N test rewards.
   */
  reward_mean: number;
  reward_std: number;
  test_pairs?: number;
  /**
   * Length-only baseline on the same test pairs: share where the longer answer (in characters) is the chosen one, a pair of equal lengths counting 0.5. An RM near this has learned little more than length.
   */
  length_accuracy?: number;
  /**
   * Share of admitted pairs (with a hidden label and pool entry) whose chosen answer is the human-preferred one; null when none can be judged.
   */
  pseudo_label_precision?: number | null;
  /**
   * Admitted pairs read.
   */
  admitted?: number;
  /**
   * Mean length(chosen) − length(rejected) over admitted pairs (length bias check, Singhal et al.); tfjs counts characters.
   */
  length_diff?: number;
  backend: string;
  implementation?: string;
  device?: string;
}
