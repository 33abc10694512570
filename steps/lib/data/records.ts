// Line shapes of the SER files (docs/ser-files.md). They are file records, not plugin I/O, so they live here.

export type PairSource = 'human' | 'self';

/** A labeled preference pair: labeled.jsonl, test.jsonl, dev.jsonl, train.jsonl. */
export interface LabeledPair {
  id: string;
  prompt: string;
  chosen: string;
  rejected: string;
  weight?: number;
  source?: PairSource;
}

/** An unlabeled pool pair: pool.jsonl. Which side a human preferred is in pool-labels.jsonl only. */
export interface PoolPair {
  id: string;
  prompt: string;
  a: string;
  b: string;
}

/** pool-labels.jsonl: the hidden human label of a pool pair. */
export interface PoolLabel {
  id: string;
  label: 'a' | 'b';
  gold_margin?: number;
}

/** scores.jsonl, written by score-pairs: p = σ(r) per response. */
export interface PairScore {
  id: string;
  r_a: number;
  r_b: number;
  p_a: number;
  p_b: number;
}

export type SelectionRule = 'status1' | 'status2';

/** admitted.jsonl: a pool pair the RM labeled itself, with its provenance. */
export interface AdmittedPair extends LabeledPair {
  loop: number;
  rm: string;
  p_chosen: number;
  p_rejected: number;
  rule: SelectionRule;
}

/** A pair as a loader produced it, before prepare-data assigns an id. */
export interface RawPair {
  prompt: string;
  chosen: string;
  rejected: string;
  /** The generator's true reward margin r*(chosen) − r*(rejected), when known. */
  gold_margin?: number;
}
