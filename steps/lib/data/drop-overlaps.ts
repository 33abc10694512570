import type { RawPair } from './records.js';

/** How a split keeps pairs apart: each pair on its own, or all pairs of one prompt on the same side. */
export type SplitBy = 'pair' | 'prompt';

const getPairKey = (pair: RawPair) => JSON.stringify([pair.prompt, pair.chosen, pair.rejected]);

/** Keeps the first of each exact duplicate (same prompt, chosen and rejected): a repeat would be in train and test at once. */
export function dropDuplicatePairs(pairs: readonly RawPair[]): { pairs: RawPair[]; dropped: number } {
  const seen = new Set<string>();
  const kept = pairs.filter((pair) => {
    const key = getPairKey(pair);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { pairs: kept, dropped: pairs.length - kept.length };
}

/**
 * Drops the source pairs a held-out set (the user's test or dev file) already holds, so nothing is trained on
 * what is tested: the exact pair, or with splitBy 'prompt' every pair of a held-out prompt.
 */
export function dropHeldOutOverlap(pairs: readonly RawPair[], heldOut: readonly RawPair[], splitBy: SplitBy): { pairs: RawPair[]; dropped: number } {
  const getKey = splitBy === 'prompt' ? (pair: RawPair) => pair.prompt : getPairKey;
  const held = new Set(heldOut.map(getKey));
  const kept = pairs.filter((pair) => !held.has(getKey(pair)));
  return { pairs: kept, dropped: pairs.length - kept.length };
}
