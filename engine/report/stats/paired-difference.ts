import { getStudentTQuantile } from './student-t.js';
import { getMeanSd } from './mean-sd.js';

/** Method B − method A over the same seeds (same split and test set per seed), as a results table reports it. */
export interface PairedDifference {
  n: number;
  mean: number;
  sd: number;
  /** Standard error of the mean difference: sd / √n (NaN for one seed). */
  se: number;
  /** Two-sided t-interval of the mean with n − 1 degrees of freedom (NaN bounds for one seed). */
  ci: { level: number; low: number; high: number };
  /** Seeds where B beat, tied or lost to A. */
  wins: number;
  ties: number;
  losses: number;
}

/** Accuracies are counts over one test set: differences this small are the same count, i.e. a tie. */
const TIE = 1e-12;

/** Paired b[i] − a[i] over seeds: mean, sd, standard error, a t-interval and wins/ties/losses. */
export function getPairedDifference(b: readonly number[], a: readonly number[], level = 0.95): PairedDifference {
  if (a.length !== b.length) throw new Error(`paired comparison needs equal lengths, got ${b.length} and ${a.length}`);
  const diffs = b.map((x, i) => x - a[i]);
  const { mean, sd, n } = getMeanSd(diffs);
  const se = n > 1 ? sd / Math.sqrt(n) : Number.NaN;
  const half = getStudentTQuantile(1 - (1 - level) / 2, n - 1) * se;
  return {
    n,
    mean,
    sd,
    se,
    ci: { level, low: mean - half, high: mean + half },
    wins: diffs.filter((d) => d > TIE).length,
    ties: diffs.filter((d) => Math.abs(d) <= TIE).length,
    losses: diffs.filter((d) => d < -TIE).length,
  };
}

/** "+0.0230 ± 0.0051 se, 95 % CI [+0.0123, +0.0337], 18/1/1 W/T/L": signed, as a table cell reads it. */
export function formatPairedDifference(d: PairedDifference, digits = 4): string {
  const signed = (x: number) => (x >= 0 ? '+' : '') + x.toFixed(digits);
  return `${signed(d.mean)} ± ${d.se.toFixed(digits)} se, ${Math.round(100 * d.ci.level)} % CI [${signed(d.ci.low)}, ${signed(d.ci.high)}], ${d.wins}/${d.ties}/${d.losses} W/T/L`;
}
