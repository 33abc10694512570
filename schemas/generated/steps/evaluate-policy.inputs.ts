// Generated from schemas/steps/evaluate-policy.inputs.schema.json by scripts/gen-types.mjs. Do not edit.

/**
 * Inputs of the evaluate-policy step: sample the SFT and the PPO policy on held-out prompts and score both with the proxy RM (the one PPO optimised) and a gold reward, so over-optimisation shows.
 */
export interface EvaluatePolicyInputs {
  /**
   * train-sft's policy_dir (also the KL reference).
   */
  sft_policy: string;
  /**
   * ppo's policy_dir.
   */
  ppo_policy: string;
  /**
   * The proxy RM folder PPO was trained against.
   */
  reward_model: string;
  /**
   * Held-out prompts: any .jsonl with a prompt field (e.g. prepare-data's test.jsonl), never the PPO prompts.
   */
  prompts: string;
  /**
   * gold.json of the generated dataset (prepare-data's gold output): the true reward of any text. An empty string means none.
   */
  gold?: string;
  /**
   * Or a reward-model folder to act as gold (e.g. an RM trained on all labels); its σ(score) is the gold reward. An empty string means none. With neither, only the proxy reward is reported (gold fields null).
   */
  gold_model?: string;
  /**
   * Evaluate at most this many prompts (the first ones).
   */
  count?: number;
  /**
   * Response lengths as in PPO: uniform in [length_min, length_max); both policies get the same length per prompt.
   */
  length_min?: number;
  length_max?: number;
  temperature?: number;
  top_k?: number;
  top_p?: number;
  backend?: 'auto' | 'wasm' | 'cpu' | 'node' | 'node-gpu';
  /**
   * Sampling seed (default: the run's seed).
   */
  seed?: number;
}
