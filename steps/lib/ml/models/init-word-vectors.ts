import * as tf from '@tensorflow/tfjs-core';
import type { WordVectors } from '../io/word-vectors.js';
import { getParam } from './model-params.js';
import type { RewardModel } from './reward-model.js';

/** How pretrained rows enter the bag RM's embedding table. */
export interface WordVectorInit {
  vectors: WordVectors;
  /** 'unit' rescales each pretrained row to L2 norm 1 (a random row of the seeded init, std 0.1 at d 100, has norm ≈ 1). */
  normalize: 'none' | 'unit';
  /** Multiplies the (normalised) pretrained rows. */
  scale: number;
  /** True keeps the whole table fixed during training (no gradient, no weight decay); false fine-tunes it. */
  freeze: boolean;
}

/**
 * Overwrites the embedding rows of the model's tokenizer words found in `vectors`; other rows (missing
 * words, special tokens, bigram buckets) keep the seeded random init. Returns how many words were found.
 */
export function applyWordVectors(options: { model: RewardModel } & WordVectorInit): { found: number; vocabulary: number } {
  const { model, vectors, normalize, scale, freeze } = options;
  if (model.config.architecture !== 'bag') throw new Error(`word vectors initialise the bag RM only, not '${model.config.architecture}'; drop the vectors option or use model: bag`);
  if (vectors.dim !== model.config.dim) {
    throw new Error(`word vectors have dim ${vectors.dim} but the RM's dim is ${model.config.dim}; set the RM dim to ${vectors.dim}`);
  }
  const embedding = getParam(model.params, 'embedding');
  const table = embedding.dataSync().slice() as Float32Array;
  const dim = vectors.dim;
  let found = 0;
  model.tokenizer.words.forEach((word, id) => {
    const row = vectors.index.get(word);
    if (row === undefined) return;
    const source = vectors.values.subarray(row * dim, (row + 1) * dim);
    const norm = normalize === 'unit' ? Math.hypot(...source) || 1 : 1;
    for (let k = 0; k < dim; k++) table[id * dim + k] = (source[k] / norm) * scale;
    found += 1;
  });
  tf.tidy(() => embedding.assign(tf.tensor(table, embedding.shape, 'float32')));
  embedding.trainable = !freeze;
  return { found, vocabulary: model.tokenizer.words.length };
}

