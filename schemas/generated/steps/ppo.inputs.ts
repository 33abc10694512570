// Generated from schemas/steps/ppo.inputs.schema.json by scripts/gen-types.mjs. Do not edit.

/**
 * Inputs of the ppo step: PPO of the SFT policy against a reward model, as legacy TRL PPOTrainer (defaults: SER's official ppo.py). Checkpoints to output_dir after every step and resumes from it.
 */
export interface PpoInputs {
  /**
   * The SFT policy (train-sft's policy_dir): the initial policy and the frozen KL reference.
   */
  policy_dir: string;
  /**
   * The reward model folder (train-rm's model): reward = σ(RM score) − reward_baseline.
   */
  reward_model: string;
  /**
   * ppo-prompts.jsonl ({id, prompt} per line), or any .jsonl with a prompt field.
   */
  prompts: string;
  /**
   * PPO steps (one batch each). Default: ceil(prompts / batch_size) × outer_epochs.
   */
  steps?: number;
  /**
   * Passes over the prompts when `steps` is not given (the official script's 4).
   */
  outer_epochs?: number;
  batch_size?: number;
  mini_batch_size?: number;
  ppo_epochs?: number;
  /**
   * Adam step size. 1e-4 moves fast in short smoke runs but drifts KL far above kl_target; workflows/ser.yaml passes the paper's 1.4e-5, which keeps KL near it (steps/ml/ppo/README.md).
   */
  learning_rate?: number;
  /**
   * Global gradient-norm clip (0: none).
   */
  max_grad_norm?: number;
  /**
   * LengthSampler(min, max): response length uniform in [min, max) per sample.
   */
  length_min?: number;
  length_max?: number;
  temperature?: number;
  /**
   * 0 keeps every token (the official script's setting).
   */
  top_k?: number;
  top_p?: number;
  adaptive_kl?: boolean;
  init_kl_coef?: number;
  /**
   * Target of the adaptive KL controller (the paper's 0.1).
   */
  kl_target?: number;
  kl_horizon?: number;
  /**
   * Per-token KL: k1 = logπ − logπ_ref (TRL's 'kl'), k3 = (e^r − 1) − r (non-negative).
   */
  kl_estimator?: 'k1' | 'k3';
  gamma?: number;
  lam?: number;
  cliprange?: number;
  cliprange_value?: number;
  vf_coef?: number;
  /**
   * Subtracted from σ(RM score) (the official scripts pass 0.0).
   */
  reward_baseline?: number;
  /**
   * Checkpoint every this many steps (and always on SIGTERM and at the end).
   */
  save_every?: number;
  backend?: 'auto' | 'wasm' | 'cpu' | 'node' | 'node-gpu';
  /**
   * Sampling and prompt-order seed (default: the run's seed).
   */
  seed?: number;
}
