// Generated from schemas/steps/evaluate-policy.outputs.schema.json by scripts/gen-types.mjs. Do not edit.

/**
 * Outputs of the evaluate-policy step: means over the evaluated prompts.
 */
export interface EvaluatePolicyOutputs {
  prompts: number;
  /**
   * Mean σ(proxy RM score) of the SFT samples.
   */
  proxy_reward_sft: number;
  /**
   * The same for the PPO samples: what PPO optimised.
   */
  proxy_reward_ppo: number;
  /**
   * Mean gold reward of the SFT samples (gold.json: Σ word weights; gold_model: σ(score)). null when no gold reward was given.
   */
  gold_reward_sft: number | null;
  /**
   * The same for the PPO samples: what was actually wanted.
   */
  gold_reward_ppo: number | null;
  /**
   * Share of prompts where the PPO sample beats the SFT sample under the gold reward (ties count half).
   */
  gold_win_rate: number | null;
  /**
   * The same under the proxy RM.
   */
  proxy_win_rate: number;
  /**
   * Mean over PPO samples of Σ_tokens (log π_ppo − log π_sft): the sampled KL from the reference.
   */
  kl_to_reference: number;
  /**
   * What served as gold: gold.json, model, or none (a dataset without a generator; pass gold_model for one).
   */
  gold_source: string;
  /**
   * samples.jsonl: per prompt, both responses and their proxy and gold rewards.
   */
  samples: string;
}
