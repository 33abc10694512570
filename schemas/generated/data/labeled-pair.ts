// Generated from schemas/data/labeled-pair.schema.json by scripts/gen-types.mjs. Do not edit.

/**
 * One line of labeled.jsonl, test.jsonl, dev.jsonl, full.jsonl and train.jsonl (docs/ser-files.md): a preference pair, chosen ≻ rejected. Further fields (an admitted pair's provenance) may follow.
 */
export interface LabeledPair {
  /**
   * Unique within a file; an integer is read as its decimal string.
   */
  id: string;
  prompt: string;
  chosen: string;
  rejected: string;
  /**
   * Multiplies the pair's loss; default 1.
   */
  weight?: number;
  /**
   * human: labeled by a person; self: pseudo-labeled by an RM (ser-select).
   */
  source?: 'human' | 'self';
}
