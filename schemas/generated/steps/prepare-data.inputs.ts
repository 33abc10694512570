// Generated from schemas/steps/prepare-data.inputs.schema.json by scripts/gen-types.mjs. Do not edit.

/**
 * Inputs of the prepare-data step: where the preference pairs come from and how to split them (docs/ser-files.md).
 */
export interface PrepareDataInputs {
  /**
   * `generated` (the built-in task with a gold reward, docs/default-dataset.md) or a data file (.jsonl, .jsonl.gz, .json; formats and detection: docs/data-formats.md); a relative path is resolved against the folder ser-flow was started in.
   */
  source?: string;
  format?: 'auto' | 'hh-rlhf' | 'ultrafeedback' | 'summarize' | 'stack-exchange' | 'finegrained-qa' | 'generic';
  /**
   * A record that is not JSON or does not fit the format: fail with file:line, or skip it and count it in `skipped`.
   */
  on_malformed?: 'fail' | 'skip';
  /**
   * Seed of the splits and the generator (default: the run's seed).
   */
  seed?: number;
  /**
   * Drop exact duplicate pairs (same prompt, chosen and rejected; the first is kept), counted in `skipped_duplicates`: a repeated pair could land in both train and test.
   */
  drop_duplicates?: boolean;
  /**
   * `pair`: test and dev are drawn pair by pair. `prompt`: they take whole prompt groups, so no prompt has pairs both in test/dev and in the training splits (docs/data-formats.md).
   */
  split_by?: 'pair' | 'prompt';
  /**
   * A held-out test set of your own (any supported format), used as given instead of carving test_fraction off the source; source pairs it holds (with split_by prompt: its prompts) are dropped. Empty: none.
   */
  test_file?: string;
  /**
   * A held-out dev set of your own, used as given instead of carving dev_fraction off the source; like test_file. Empty: none.
   */
  dev_file?: string;
  /**
   * Subsample to at most this many pairs (seeded) before splitting.
   */
  max_pairs?: number;
  sft_ratio?: number;
  rm_ratio?: number;
  ppo_ratio?: number;
  /**
   * Held-out RM test split, as a fraction of all pairs.
   */
  test_fraction?: number;
  /**
   * Dev split for the plateau check, as a fraction of all pairs.
   */
  dev_fraction?: number;
  /**
   * Share of the RM split that keeps its human labels; the rest becomes the unlabeled pool.
   */
  labeled_fraction?: number;
  /**
   * Generated dataset: number of pairs.
   */
  generated_pairs?: number;
  /**
   * Generated dataset: probability that a human label contradicts the gold reward.
   */
  label_noise?: number;
  /**
   * Generated dataset: number of distinct words.
   */
  vocab_size?: number;
  /**
   * Generated dataset: share of words with a positive weight (the same share is negative).
   */
  signal_fraction?: number;
  /**
   * Generated dataset: share of an answer's words that carry weight.
   */
  signal_rate?: number;
  /**
   * Generated dataset: Zipf exponent of word frequency.
   */
  zipf?: number;
}
