/** Share of pairs where `a[i]` beats `b[i]`; a tie counts half (as judge-based win rates usually do). */
export function computeWinRate(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error(`computeWinRate: ${a.length} scores against ${b.length}; pass one pair per prompt`);
  if (a.length === 0) return 0.5;
  let wins = 0;
  a.forEach((x, i) => {
    const y = b[i]!;
    wins += x > y ? 1 : x === y ? 0.5 : 0;
  });
  return wins / a.length;
}

export function getMean(values: readonly number[]): number {
  return values.length ? values.reduce((s, v) => s + v, 0) / values.length : 0;
}
