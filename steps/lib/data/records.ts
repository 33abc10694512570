// Line shapes of the SER files (docs/ser-files.md) and of a loaded dataset pair.

// The SER file lines are typed from their schemas (schemas/data/, the single source of truth).
export type { LabeledPair } from '../../../schemas/generated/data/labeled-pair.js';
export type { PoolPair } from '../../../schemas/generated/data/pool-pair.js';
export type { PoolLabel } from '../../../schemas/generated/data/pool-label.js';
export type { PairScore } from '../../../schemas/generated/data/pair-score.js';
export type { AdmittedPair } from '../../../schemas/generated/data/admitted-pair.js';
export type PairSource = 'human' | 'self';
export type SelectionRule = 'status1' | 'status2';

/** A pair as a loader produced it, before prepare-data assigns an id. */
export interface RawPair {
  prompt: string;
  chosen: string;
  rejected: string;
  /** The generator's true reward margin r*(chosen) − r*(rejected), when known. */
  gold_margin?: number;
}
