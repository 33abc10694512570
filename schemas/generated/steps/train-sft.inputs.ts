// Generated from schemas/steps/train-sft.inputs.schema.json by scripts/gen-types.mjs. Do not edit.

/**
 * Inputs of the train-sft step: a small causal policy LM trained on the SFT split's prompt → chosen response (steps/ml/policy).
 */
export interface TrainSftInputs {
  /**
   * sft.jsonl from prepare-data: {id, prompt, response} per line.
   */
  sft: string;
  /**
   * A reward-model folder (train-rm's model_dir) whose vocab.json the policy shares, so policy and RM read text the same way. Without it a word tokenizer is built from the SFT texts.
   */
  tokenizer_from?: string;
  /**
   * Vocabulary size when the tokenizer is built from the SFT texts.
   */
  vocab_size?: number;
  /**
   * How many previous tokens the causal MLP sees directly (plus the running mean of all earlier tokens).
   */
  context?: number;
  embed_dim?: number;
  hidden_dim?: number;
  epochs?: number;
  batch_size?: number;
  learning_rate?: number;
  /**
   * Prompts keep their last this-many tokens.
   */
  max_prompt_tokens?: number;
  /**
   * Responses keep their first this-many tokens.
   */
  max_response_tokens?: number;
  /**
   * Train on at most this many SFT lines (the first ones).
   */
  max_examples?: number;
  /**
   * TF.js backend (steps/ml/backend): auto tries node-gpu, node, wasm, cpu and logs each fallback.
   */
  backend?: 'auto' | 'wasm' | 'cpu' | 'node' | 'node-gpu';
  /**
   * Initialisation and shuffling seed (default: the run's seed).
   */
  seed?: number;
}
