// Generated from schemas/steps/train-rm.inputs.schema.json by scripts/gen-types.mjs. Do not edit.

/**
 * Inputs of train-rm (every implementation: tfjs in steps/train-rm, torch in steps/train-rm-torch). Defaults are applied by the plugin.
 */
export interface TrainRmInputs {
  /**
   * Pairs JSON-lines file: {id, prompt, chosen, rejected, weight?} per line (docs/ser-files.md).
   */
  train: string;
  /**
   * Optional pairs file; its accuracy is reported as dev_accuracy.
   */
  dev?: string;
  /**
   * A model folder from an earlier train-rm to continue from (warm start); its tokenizer and architecture are kept.
   */
  init_model?: string;
  /**
   * bag: embedding-bag + MLP (default, fast); linear: one weight per word (and hashed bigram), summed — logistic regression on word counts, fastest, wants a larger lr (0.01); transformer: small encoder (slow on CPU); hf: a Hugging Face model (torch only).
   */
  model?: 'bag' | 'linear' | 'transformer' | 'hf';
  /**
   * bt: −log σ(r_c − r_r − margin) (Bradley–Terry); hinge: max(0, margin − (r_c − r_r)) (SER Eq. 5).
   */
  loss?: 'bt' | 'hinge';
  margin?: number;
  /**
   * Reward-centering coefficient: adds coef · mean((r_c + r_r)²); 0.01 is TRL's recommendation.
   */
  center_coef?: number;
  epochs?: number;
  /**
   * Pairs per optimizer step.
   */
  batch_size?: number;
  lr?: number;
  /**
   * AdamW decoupled weight decay.
   */
  weight_decay?: number;
  /**
   * Share of each training text's tokens hidden at every step (word-level models; not hf). Regularises like a noisy student: the RM must learn every word of an answer, not just the few it already knows (docs/ser-quality.md, sixth round).
   */
  token_dropout?: number;
  /**
   * Fraction of steps with linear warmup; then linear decay to 0.
   */
  warmup_ratio?: number;
  /**
   * Tokens kept per scored text (its end, so the response survives a long prompt).
   */
  max_len?: number;
  /**
   * Word vocabulary built from the training texts (incl. 4 special tokens).
   */
  vocab_size?: number;
  dim?: number;
  hidden?: number;
  /**
   * Transformer layers.
   */
  layers?: number;
  /**
   * Transformer attention heads (dim must divide by it).
   */
  heads?: number;
  /**
   * Hashed bigram features for the bag model (0 = none).
   */
  bigram_buckets?: number;
  /**
   * tfjs: auto (node-gpu → node → wasm → cpu), node-gpu, node, wasm or cpu. torch: auto, cpu or cuda.
   */
  backend?: string;
  /**
   * Default: the request's seed.
   */
  seed?: number;
  /**
   * torch, model hf only: the Hugging Face model to start from.
   */
  base_model?: string;
  /**
   * torch, model hf only.
   */
  lora?: boolean;
  /**
   * torch, model hf only.
   */
  allow_download?: boolean;
}
