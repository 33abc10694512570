import * as tf from '@tensorflow/tfjs-core';
import { getSamplingProbs, sampleIndex, type SamplingOptions } from '../ppo/sampling.js';
import type { Rng } from '../ppo/rng.js';
import { getSpecialIds, type PolicyConfig } from './policy-config.js';
import { computeHidden, computeLogits } from './policy-forward.js';
import type { PolicyParams } from './policy-params.js';
import { gatherRows } from './gather-rows.js';

export interface GenerateOptions extends SamplingOptions {
  params: PolicyParams;
  config: PolicyConfig;
  /** Query rows, each [BOS, …prompt ids, SEP]. */
  queries: readonly (readonly number[])[];
  /** New tokens per query (each may stop earlier at EOS). */
  lengths: readonly number[];
  rng: Rng;
  /** Keep EOS out of the candidates, so every response has exactly its sampled length. */
  suppressEos?: boolean;
}

/** Samples a response per query, token by token; returns the new token ids (EOS included when drawn). */
export function generateResponses(options: GenerateOptions): number[][] {
  const { params, config, queries, lengths, rng, suppressEos = false, ...sampling } = options;
  const { eos, bos, sep } = getSpecialIds(config);
  const responses: number[][] = queries.map(() => []);
  const active = new Set(queries.map((_, i) => i).filter((i) => lengths[i]! > 0));
  while (active.size > 0) {
    const batch = [...active];
    const rows = batch.map((i) => [...queries[i]!, ...responses[i]!]);
    const T = Math.max(...rows.map((r) => r.length));
    const logits = tf.tidy(() => {
      const hidden = computeHidden(params, config, rows);
      const last = Int32Array.from(rows.map((r, b) => b * T + r.length - 1));
      return computeLogits(params, gatherRows(hidden, last));
    });
    const flat = logits.dataSync();
    logits.dispose();
    const vocab = logits.shape[1];
    batch.forEach((i, b) => {
      const row = flat.slice(b * vocab, (b + 1) * vocab);
      // BOS and SEP are structure, never content; EOS only when allowed.
      row[bos] = -Infinity;
      row[sep] = -Infinity;
      if (suppressEos) row[eos] = -Infinity;
      const token = sampleIndex(getSamplingProbs(row, sampling), rng);
      responses[i]!.push(token);
      if (token === eos || responses[i]!.length >= lengths[i]!) active.delete(i);
    });
  }
  return responses;
}
