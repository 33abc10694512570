// Generated from schemas/data/pool-label.schema.json by scripts/gen-types.mjs. Do not edit.

/**
 * One line of pool-labels.jsonl (docs/ser-files.md): the hidden human label of a pool pair, read only by evaluate-rm.
 */
export interface PoolLabel {
  id: string;
  /**
   * The side a human preferred.
   */
  label: 'a' | 'b';
  /**
   * The generator's true reward margin, when known.
   */
  gold_margin?: number;
}
