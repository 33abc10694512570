import { makeSeededRandom } from './seeded-random.js';

/** Share of the seed → full-labels gap that SER closes, with a bootstrap interval over seeds. */
export interface GapClosed {
  /** mean(ser − seed) / mean(full − seed); null ("n/a") when full ≤ seed: there is no gap to close. */
  share: number | null;
  /** 2.5th and 97.5th percentiles (for level 0.95) of the share over resamples with a gap; null with the share. */
  interval: { level: number; low: number; high: number } | null;
  resamples: number;
  bootstrapSeed: number;
  /** Resamples whose own gap was ≤ 0 (no share defined): left out of the interval, and reported. */
  resamplesWithoutGap: number;
}

export interface GapClosedOptions {
  seed: readonly number[];
  ser: readonly number[];
  full: readonly number[];
  resamples?: number;
  bootstrapSeed?: number;
  level?: number;
}

function getShare(seed: readonly number[], ser: readonly number[], full: readonly number[], at: readonly number[]): number | null {
  let gain = 0;
  let gap = 0;
  for (const i of at) {
    gain += ser[i] - seed[i];
    gap += full[i] - seed[i];
  }
  return gap > 0 ? gain / gap : null;
}

function getPercentile(sorted: readonly number[], q: number): number {
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (at - lo);
}

/** The share of the gap, and a percentile bootstrap that resamples whole seeds (keeping each seed's pairing). */
export function getGapClosed(options: GapClosedOptions): GapClosed {
  const { seed, ser, full, resamples = 2000, bootstrapSeed = 1, level = 0.95 } = options;
  const n = seed.length;
  if (ser.length !== n || full.length !== n) throw new Error(`gap closed needs equal lengths, got ${n}, ${ser.length} and ${full.length}`);
  const all = Array.from({ length: n }, (_, i) => i);
  const share = n === 0 ? null : getShare(seed, ser, full, all);
  if (share === null) return { share, interval: null, resamples, bootstrapSeed, resamplesWithoutGap: 0 };
  const random = makeSeededRandom(bootstrapSeed, 'gap-closed-bootstrap');
  const shares: number[] = [];
  for (let r = 0; r < resamples; r++) {
    const s = getShare(seed, ser, full, all.map(() => random.int(n)));
    if (s !== null) shares.push(s);
  }
  shares.sort((x, y) => x - y);
  const interval = shares.length === 0 ? null : { level, low: getPercentile(shares, (1 - level) / 2), high: getPercentile(shares, 1 - (1 - level) / 2) };
  return { share, interval, resamples, bootstrapSeed, resamplesWithoutGap: resamples - shares.length };
}

/**
 * "74 % (95 % bootstrap CI [61 %, 88 %], 2000 resamples of seeds, bootstrap seed 1)" or "n/a (full ≤ seed)";
 * `names` are the reference and control methods' names in that message.
 */
export function formatGapClosed(g: GapClosed, names: { reference: string; control: string } = { reference: 'full', control: 'seed' }): string {
  if (g.share === null) return `n/a (${names.reference} ≤ ${names.control})`;
  const pct = (x: number) => (100 * x).toFixed(0);
  const without = g.resamplesWithoutGap > 0 ? `, ${g.resamplesWithoutGap} without a gap left out` : '';
  const interval = g.interval ? `${Math.round(100 * g.interval.level)} % bootstrap CI [${pct(g.interval.low)} %, ${pct(g.interval.high)} %]` : 'no bootstrap interval';
  return `${pct(g.share)} % (${interval}, ${g.resamples} resamples of seeds, bootstrap seed ${g.bootstrapSeed}${without})`;
}
