/**
 * mulberry32: a small seeded PRNG whose whole state is one 32-bit integer, so the same seed gives the
 * same stream on every platform and in the Python ports, and a checkpoint can store and restore it.
 */
export interface Rng {
  /** Uniform in [0, 1). */
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
