// Generated from schemas/data/model-config.schema.json by scripts/gen-types.mjs. Do not edit.

/**
 * model/config.json of a word-level reward model (bag, linear, transformer), as train-rm writes it in either implementation (steps/lib/ml/io/model-files.ts, steps/lib/torch_common/model_dir.py): enough to rebuild the model from vocab.json and weights.bin beside it. A torch `hf` model folder shares format, version, implementation, backend and architecture, and describes the rest its own way (docs/torch.md).
 */
export interface ModelConfig {
  format: 'ser-flow-reward-model';
  version: 1;
  /**
   * tfjs or torch: who wrote it.
   */
  implementation: string;
  /**
   * The backend it was trained on (facts, not a requirement).
   */
  backend: string;
  architecture: 'bag' | 'linear' | 'transformer';
  vocab_size: number;
  bigram_buckets: number;
  dim: number;
  hidden: number;
  max_len: number;
  layers: number;
  heads: number;
  seed: number;
  /**
   * How prompt and response are joined before tokenizing.
   */
  text_format: string;
  truncation: 'keep_end';
  tokenizer: {
    kind: 'word';
    file: 'vocab.json';
    lowercase: true;
  };
  weights: {
    file: 'weights.bin';
    dtype: 'float32';
    byte_order: 'little';
    tensors: {
      name: string;
      shape: number[];
      /**
       * In float32 values from the start of weights.bin.
       */
      offset: number;
    }[];
  };
  /**
   * Free-form facts about how it was trained (loss, epochs, pairs, …).
   */
  training?: Record<string, unknown>;
}
