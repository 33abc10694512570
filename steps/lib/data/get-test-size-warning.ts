/** Fewer test pairs than this measure accuracy to worse than ±2.9 points (near 0.5) and ±2.3 (near 0.8). */
export const MIN_TEST_PAIRS = 300;

export interface TestSizeOptions {
  testCount: number;
  /** Source pairs the test share is carved from (total_pairs). */
  sourcePairs: number;
  devFraction: number;
  /** The test set is the user's test_file, so no test_fraction applies. */
  fromFile: boolean;
}

/** A warning with the standard error a small test set implies (sqrt(p(1−p)/n)) and the test_fraction that fixes it; undefined at ≥ 300 pairs. */
export function getTestSizeWarning({ testCount: n, sourcePairs, devFraction, fromFile }: TestSizeOptions): string | undefined {
  if (n >= MIN_TEST_PAIRS) return undefined;
  const points = (x: number) => (100 * x).toFixed(1);
  const what =
    n === 0
      ? 'the test set is empty: test accuracy cannot be measured'
      : `the test set has ${n} pairs (under ${MIN_TEST_PAIRS}): its accuracy has a standard error sqrt(p(1−p)/n) of ±${points(Math.sqrt(0.25 / n))} points near 0.5 and ±${points(Math.sqrt(0.16 / n))} near 0.8, and one pair moves it ${points(1 / n)} points`;
  const fraction = Math.ceil((MIN_TEST_PAIRS * 100) / Math.max(sourcePairs, 1)) / 100;
  const fix = fromFile
    ? `give a test_file of at least ${MIN_TEST_PAIRS} pairs`
    : fraction <= 0.9 && fraction + devFraction < 1
      ? `test_fraction: ${fraction} would hold at least ${MIN_TEST_PAIRS} of these ${sourcePairs} pairs`
      : `these ${sourcePairs} pairs cannot spare ${MIN_TEST_PAIRS} for testing: use more data or expect a noisy accuracy`;
  return `${what}; ${fix} (docs/data-formats.md)`;
}
