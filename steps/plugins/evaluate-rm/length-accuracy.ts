/** The fields of a test pair the length baseline reads. */
export interface TextPair {
  chosen: string;
  rejected: string;
}

/**
 * Accuracy of "the longer answer wins" (characters) on the test pairs, a tie counting 0.5: an RM close to this
 * has learned little more than length. 0 for no pairs.
 */
export function computeLengthAccuracy(pairs: readonly TextPair[]): number {
  if (!pairs.length) return 0;
  let score = 0;
  for (const { chosen, rejected } of pairs) score += chosen.length > rejected.length ? 1 : chosen.length === rejected.length ? 0.5 : 0;
  return score / pairs.length;
}
