/** Per-method summary over seeds: mean ± sd (paired differences: paired-difference.ts; gap: gap-closed.ts). */
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

export function formatMeanSd({ mean, sd }: MeanSd, digits = 3): string {
  return `${mean.toFixed(digits)} ± ${sd.toFixed(digits)}`;
}
