// Generated from schemas/steps/ppo.outputs.schema.json by scripts/gen-types.mjs. Do not edit.

/**
 * Outputs of the ppo step. Curve summaries average the first and last quarter of the steps.
 */
export interface PpoOutputs {
  /**
   * The PPO policy folder (same format as train-sft's).
   */
  policy_dir: string;
  /**
   * PPO steps done in total.
   */
  steps: number;
  /**
   * The step a checkpoint in output_dir let this attempt start from (0: a fresh start).
   */
  resumed_from: number;
  /**
   * objective/rlhf_reward = score − β·KL, mean of the first steps.
   */
  rlhf_reward_first: number;
  rlhf_reward_last: number;
  /**
   * objective/scores (σ(RM) − baseline), first steps.
   */
  scores_first: number;
  scores_last: number;
  /**
   * objective/kl (summed over response tokens, batch mean), first steps.
   */
  kl_first: number;
  kl_last: number;
  /**
   * β after the last step.
   */
  kl_coef_final: number;
  /**
   * Wall time of this attempt.
   */
  seconds: number;
  backend: string;
}
