/** Statistics the SER quality bench reports: per-method mean ± sd over seeds, and paired differences. */
export interface MeanSd {
  mean: number;
  sd: number;
  n: number;
}

/** Mean and sample standard deviation (n − 1); sd is 0 for a single value. */
export function getMeanSd(values: readonly number[]): MeanSd {
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, sd: Number.NaN, n };
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, sd, n };
}

/** Per-seed differences a[i] − b[i] (same split, same test set), summarised. */
export function getPairedDifference(a: readonly number[], b: readonly number[]): MeanSd {
  if (a.length !== b.length) throw new Error(`paired comparison needs equal lengths, got ${a.length} and ${b.length}`);
  return getMeanSd(a.map((x, i) => x - b[i]));
}

/** Share of the seed → full gap that SER closes: mean(ser − seed) / mean(full − seed), over the same seeds. */
export function getGapClosed(options: { seed: readonly number[]; ser: readonly number[]; full: readonly number[] }): number {
  const gain = getPairedDifference(options.ser, options.seed).mean;
  const gap = getPairedDifference(options.full, options.seed).mean;
  return gap === 0 ? Number.NaN : gain / gap;
}

export function formatMeanSd({ mean, sd }: MeanSd, digits = 3): string {
  return `${mean.toFixed(digits)} ± ${sd.toFixed(digits)}`;
}
