/**
 * Whitening as TRL's `masked_whiten`: (x − mean)/sqrt(var + 1e-8) with the unbiased (n − 1) variance;
 * `shiftMean: false` adds the mean back (used for rewards).
 */
export function whiten(values: readonly number[], { shiftMean = true }: { shiftMean?: boolean } = {}): number[] {
  const n = values.length;
  if (n === 0) return [];
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sumSq = values.reduce((a, v) => a + (v - mean) ** 2, 0);
  const variance = n > 1 ? sumSq / (n - 1) : sumSq;
  const scale = 1 / Math.sqrt(variance + 1e-8);
  return values.map((v) => (shiftMean ? (v - mean) * scale : (v - mean) * scale + mean));
}

/** Whitens a batch of variable-length rows together (one mean and variance over every element). */
export function whitenRows(rows: readonly (readonly number[])[], options?: { shiftMean?: boolean }): number[][] {
  const flat = whiten(rows.flat(), options);
  const out: number[][] = [];
  let offset = 0;
  for (const row of rows) {
    out.push(flat.slice(offset, offset + row.length));
    offset += row.length;
  }
  return out;
}
