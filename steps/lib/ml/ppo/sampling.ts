import type { Rng } from '../../random/seeded-random.js';

/** Generation settings as Hugging Face `generate` kwargs: top_k 0 and top_p 1 disable the filters. */
export interface SamplingOptions {
  temperature?: number;
  topK?: number;
  topP?: number;
}

/**
 * Turns one position's logits into the sampling distribution: divide by temperature, keep the top-k
 * logits, then the smallest set whose probability reaches top-p (the most likely token always stays).
 */
export function getSamplingProbs(logits: ArrayLike<number>, { temperature = 1, topK = 0, topP = 1 }: SamplingOptions = {}): Float64Array {
  if (!(temperature > 0)) throw new Error(`sampling: temperature must be > 0, got ${temperature}`);
  const n = logits.length;
  const scaled = new Float64Array(n);
  for (let i = 0; i < n; i++) scaled[i] = logits[i]! / temperature;
  if (topK <= 0 && topP >= 1) return softmax(scaled);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scaled[b]! - scaled[a]!);
  const keep = topK > 0 ? Math.min(topK, n) : n;
  const max = scaled[order[0]!]!;
  let total = 0;
  for (let r = 0; r < keep; r++) total += Math.exp(scaled[order[r]!]! - max);
  const probs = new Float64Array(n);
  let cumulative = 0;
  let kept = 0;
  for (let r = 0; r < keep; r++) {
    const i = order[r]!;
    const p = Math.exp(scaled[i]! - max) / total;
    // A token is kept while the mass before it is still below top_p (HF's TopPLogitsWarper).
    if (r > 0 && cumulative >= topP) break;
    probs[i] = p;
    cumulative += p;
    kept += p;
  }
  for (let i = 0; i < n; i++) probs[i] = probs[i]! / kept;
  return probs;
}

/** Draws an index from a probability vector. */
export function sampleIndex(probs: ArrayLike<number>, rng: Rng): number {
  let u = rng.next();
  let last = 0;
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i]!;
    if (p <= 0) continue;
    last = i;
    u -= p;
    if (u < 0) return i;
  }
  return last;
}

function softmax(x: Float64Array): Float64Array {
  let max = -Infinity;
  for (const v of x) if (v > max) max = v;
  let total = 0;
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) total += out[i] = Math.exp(x[i]! - max);
  for (let i = 0; i < x.length; i++) out[i] = out[i]! / total;
  return out;
}
