// Generated from schemas/data/pool-pair.schema.json by scripts/gen-types.mjs. Do not edit.

/**
 * One line of pool.jsonl (docs/ser-files.md): an unlabeled pair. Which side a human preferred is in pool-labels.jsonl only.
 */
export interface PoolPair {
  /**
   * Unique within the pool; an integer is read as its decimal string.
   */
  id: string;
  prompt: string;
  a: string;
  b: string;
}
