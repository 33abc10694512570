// Generated from schemas/steps/train-sft.outputs.schema.json by scripts/gen-types.mjs. Do not edit.

/**
 * Outputs of the train-sft step.
 */
export interface TrainSftOutputs {
  /**
   * The SFT policy folder (config.json with the tokenizer, weights.bin); the PPO step's initial policy and frozen reference.
   */
  policy_dir: string;
  examples: number;
  epochs: number;
  /**
   * Mean per-token negative log-likelihood of the response tokens over the first epoch.
   */
  first_epoch_loss: number;
  /**
   * The same over the last epoch.
   */
  final_loss: number;
  /**
   * Tokenizer vocabulary (the policy adds BOS, SEP and EOS of its own).
   */
  vocab_size: number;
  parameters: number;
  backend: string;
  /**
   * Batches already trained by an earlier, terminated attempt whose checkpoint this one continued (0: a fresh start).
   */
  resumed_from?: number;
  seconds: number;
}
