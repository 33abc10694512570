import { encodeText, padId, type WordTokenizer } from '../tokenizer/word-tokenizer.js';
import type { RewardModelConfig } from './model-config.js';

/** How a (prompt, response) pair becomes the one text a reward model scores (as in SER's official code). */
export function formatScoreText(prompt: string, response: string): string {
  return `Question: ${prompt}\n\nAnswer: ${response}`;
}

/** FNV-1a over two ids: a deterministic bucket for a bigram. */
function hashBigram(a: number, b: number, buckets: number): number {
  let h = 0x811c9dc5;
  for (const x of [a, b]) {
    h ^= x & 0xffff;
    h = Math.imul(h, 0x01000193);
    h ^= x >>> 16;
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % buckets;
}

/**
 * Token ids of one scored text: the last `maxLen` word tokens (the response end survives a long
 * prompt), then for the bag with bigram buckets one hashed id per adjacent pair (ids ≥ vocabSize).
 */
export function encodeScoreText(options: { tokenizer: WordTokenizer; config: RewardModelConfig; text: string }): Int32Array {
  const { tokenizer, config, text } = options;
  const words = encodeText(tokenizer, text);
  const kept = words.length > config.maxLen ? words.slice(words.length - config.maxLen) : words;
  const buckets = config.architecture === 'transformer' ? 0 : config.bigramBuckets;
  const out = new Int32Array(kept.length + (buckets > 0 ? Math.max(kept.length - 1, 0) : 0));
  out.set(kept);
  for (let i = 1; buckets > 0 && i < kept.length; i++) {
    out[kept.length + i - 1] = config.vocabSize + hashBigram(kept[i - 1], kept[i], buckets);
  }
  return out;
}

/** A padded batch of sequences: ids and a 1/0 mask, both row-major [rows, length]. */
export interface SequenceBatch {
  ids: Int32Array;
  mask: Float32Array;
  rows: number;
  length: number;
}

/** Pads sequences to the longest one (at least 1 so an empty text still has a row). */
export function padSequences(sequences: Int32Array[]): SequenceBatch {
  const length = Math.max(1, ...sequences.map((s) => s.length));
  const rows = sequences.length;
  const ids = new Int32Array(rows * length).fill(padId);
  const mask = new Float32Array(rows * length);
  sequences.forEach((seq, r) => {
    ids.set(seq, r * length);
    mask.fill(1, r * length, r * length + seq.length);
  });
  return { ids, mask, rows, length };
}
