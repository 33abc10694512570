/**
 * The one owner of seeded randomness in steps/: mulberry32, a PRNG whose whole state is one 32-bit integer,
 * so the same seed gives the same stream on every platform and in the Python ports, and a checkpoint can
 * store and restore it. Two seeding rules, each kept by name because streams already recorded depend on it:
 * - `makeRng(seed)`: the raw seed is the state (model init, shuffling, PPO);
 * - `makeRandomFromParts(...parts)`: an FNV-1a hash of the parts is the state (dataset generation and splits).
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  getState(): number;
}

/** Raw-seed rule: the seed itself (as uint32) is the generator's state. */
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

/** Raw-seed rule as a bare uniform [0, 1) function (weight init). */
export function makeRandomFromSeed(seed: number): () => number {
  const rng = makeRng(seed);
  return () => rng.next();
}

/** A uniform stream with an integer helper. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
}

/** Folds any integer or string seed parts into a 32-bit state, so `seed` and `seed, salt` give unrelated streams. */
export function hashSeed(...parts: Array<number | string>): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const text = `${String(part)}|`;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  }
  return h >>> 0;
}

/** Hashed-parts rule: the state is `hashSeed(...parts)`. */
export function makeRandomFromParts(...parts: Array<number | string>): Random {
  const rng = makeRng(hashSeed(...parts));
  const next = (): number => rng.next();
  return { next, int: (n) => Math.floor(next() * n) };
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

/** Fisher–Yates on a copy of `items`. */
export function shuffleWith<T>(items: readonly T[], random: Random): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
