import type { Rng } from '../../shared/mulberry32.js';

export { makeRng, type Rng } from '../../shared/mulberry32.js';

/** A seeded Fisher–Yates permutation of 0…n−1. */
export function shuffleIndices(n: number, rng: Pick<Rng, 'next'>): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}
