// Generated from schemas/steps/prepare-data.outputs.schema.json by scripts/gen-types.mjs. Do not edit.

/**
 * Outputs of the prepare-data step: absolute paths of the SER files (docs/ser-files.md) and their sizes.
 */
export interface PrepareDataOutputs {
  /**
   * labeled.jsonl: the human-labeled seed, also the first training set.
   */
  labeled: string;
  /**
   * pool.jsonl: unlabeled pairs {id, prompt, a, b}.
   */
  pool: string;
  /**
   * pool-labels.jsonl: the pool's hidden labels; for evaluation steps only, never for selection.
   */
  pool_labels: string;
  /**
   * full.jsonl: the whole RM split with its human labels (labeled + pool), for the full-labels baseline; never an input of selection.
   */
  full: string;
  test: string;
  dev: string;
  sft: string;
  ppo_prompts: string;
  /**
   * gold.json: the generated dataset's true reward (generated source only).
   */
  gold?: string;
  /**
   * The data format read (`generated` for the built-in task).
   */
  format: string;
  /**
   * Pairs after loading (and max_pairs), before splitting.
   */
  total_pairs: number;
  labeled_count: number;
  pool_size: number;
  test_count: number;
  dev_count: number;
  sft_count: number;
  ppo_count: number;
  /**
   * Everything that did not become a pair: malformed records + ties + identical pairs.
   */
  skipped: number;
  skipped_malformed: number;
  skipped_ties: number;
  skipped_identical: number;
}
