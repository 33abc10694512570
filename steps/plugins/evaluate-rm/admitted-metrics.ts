import type { PoolPair } from '../../lib/data/records.js';

/** The fields of an admitted.jsonl line these metrics need. */
export interface AdmittedPair {
  id: string;
  chosen: string;
  rejected: string;
}

/**
 * Share of admitted pairs whose chosen answer is the one the hidden human label prefers; pairs without a
 * label or pool entry are not judged. null when none can be judged.
 */
export function computePseudoLabelPrecision(options: { admitted: AdmittedPair[]; labels: Map<string, 'a' | 'b'>; pool: Map<string, PoolPair> }): number | null {
  const { admitted, labels, pool } = options;
  let judged = 0;
  let agree = 0;
  for (const pair of admitted) {
    const label = labels.get(pair.id);
    const source = pool.get(pair.id);
    if (!label || !source) continue;
    judged += 1;
    if (pair.chosen === source[label]) agree += 1;
  }
  return judged ? agree / judged : null;
}

/** Mean characters(chosen) − characters(rejected): > 0 means the pseudo-labels favour longer answers. */
export function computeLengthDiff(admitted: AdmittedPair[]): number {
  if (!admitted.length) return 0;
  return admitted.reduce((sum, p) => sum + (p.chosen.length - p.rejected.length), 0) / admitted.length;
}
