/**
 * A small seeded PRNG (mulberry32) whose whole state is one integer, so a checkpoint can store it
 * and a resumed run draws the same numbers it would have drawn.
 */
export interface Rng {
  next(): number;
  getState(): number;
}

export function makeRng(seed: number): Rng {
  let state = seed >>> 0;
  return {
    next() {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
    getState: () => state,
  };
}

/** A seeded Fisher–Yates permutation of 0…n−1. */
export function shuffleIndices(n: number, rng: Pick<Rng, 'next'>): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}
