import { makeRng } from '../random/mulberry32.js';

/** A seeded PRNG (mulberry32): same seed, same stream, on every platform. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
}

/** Folds any integer or string seed into a 32-bit state, so `seed` and `seed + salt` give unrelated streams. */
export function hashSeed(...parts: Array<number | string>): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const text = `${String(part)}|`;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  }
  return h >>> 0;
}

export function makeRandom(...seed: Array<number | string>): Random {
  const rng = makeRng(hashSeed(...seed));
  const next = (): number => rng.next();
  return { next, int: (n) => Math.floor(next() * n) };
}

/** Fisher–Yates on a copy. */
export function shuffleWith<T>(items: readonly T[], random: Random): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
