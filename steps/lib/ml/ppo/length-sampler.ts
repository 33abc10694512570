import type { Rng } from '../../random/seeded-random.js';

/**
 * TRL's `LengthSampler(min, max)`: a uniform integer in [min, max) (max exclusive, as
 * `random.choice(range(min, max))`), drawn per generation to vary response lengths.
 */
export function makeLengthSampler({ min, max, rng }: { min: number; max: number; rng: Rng }): () => number {
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max <= min) {
    throw new Error(`length sampler: expected integers 1 ≤ min < max, got min=${min}, max=${max}; max is exclusive (use max = min + 1 for a fixed length)`);
  }
  return () => min + Math.floor(rng.next() * (max - min));
}
