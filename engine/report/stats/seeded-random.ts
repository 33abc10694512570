/**
 * A seeded uniform stream for the report's bootstrap (engine/ may not import steps/lib/random). It is
 * mulberry32 seeded by an FNV-1a hash of the parts: the hashed-parts rule of steps/lib/random/seeded-random.ts,
 * so an interval recorded by bench/ser-quality before the statistics moved here draws the same resamples.
 */
export interface SeededRandom {
  /** Uniform integer in [0, n). */
  int(n: number): number;
}

function hashParts(parts: ReadonlyArray<number | string>): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const text = `${String(part)}|`;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  }
  return h >>> 0;
}

export function makeSeededRandom(...parts: Array<number | string>): SeededRandom {
  let state = hashParts(parts);
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { int: (n) => Math.floor(next() * n) };
}
