// Generated from schemas/data/admitted-pair.schema.json by scripts/gen-types.mjs. Do not edit.

/**
 * One line of admitted.jsonl, written by ser-select (docs/ser-files.md): a pool pair the RM labeled itself, with its provenance.
 */
export type AdmittedPair = LabeledPair & {
  loop: number;
  rm: string;
  p_chosen: number;
  p_rejected: number;
  /**
   * The learning-status rule that admitted it.
   */
  rule: 'status1' | 'status2';
};

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
