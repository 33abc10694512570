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
   * Source pairs after loading, dropping duplicates and held-out overlap (and max_pairs), before splitting.
   */
  total_pairs: number;
  labeled_count: number;
  pool_size: number;
  /**
   * Test pairs: carved off the source, or all of test_file.
   */
  test_count: number;
  /**
   * Dev pairs: carved off the source, or all of dev_file.
   */
  dev_count: number;
  sft_count: number;
  ppo_count: number;
  /**
   * Everything that did not become a pair: malformed records + ties + identical pairs (over every file read) + duplicates + held-out overlap.
   */
  skipped: number;
  /**
   * Records that were not JSON or did not fit the format (on_malformed: skip).
   */
  skipped_malformed: number;
  /**
   * Comparisons the source marks as ties (FineGrainedRLHF 0, StackExchange equal scores).
   */
  skipped_ties: number;
  /**
   * Pairs whose chosen and rejected answers are the same text.
   */
  skipped_identical: number;
  /**
   * Exact duplicate pairs (same prompt, chosen, rejected) dropped by drop_duplicates.
   */
  skipped_duplicates: number;
  /**
   * Source pairs dropped because test_file or dev_file holds them (with split_by prompt: their prompt).
   */
  skipped_held_out: number;
  /**
   * Records whose number or boolean answers were read as text (a warning names them).
   */
  converted_records: number;
  /**
   * Lines of the data files that are not valid UTF-8 (a warning names them).
   */
  non_utf8_lines: number;
}
