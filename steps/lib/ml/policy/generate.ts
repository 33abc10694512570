import * as tf from '@tensorflow/tfjs-core';
import { getSamplingProbs, sampleIndex, type SamplingOptions } from '../ppo/sampling.js';
import type { Rng } from '../../random/seeded-random.js';
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
}

/** Samples a response per query, token by token; returns the new token ids (EOS included when drawn; ban it in the config for fixed lengths). */
export function generateResponses(options: GenerateOptions): number[][] {
  const { params, config, queries, lengths, rng, ...sampling } = options;
  const { eos } = getSpecialIds(config);
  const responses: number[][] = queries.map(() => []);
  const active = new Set(queries.map((_, i) => i).filter((i) => lengths[i]! > 0));
  while (active.size > 0) {
    const batch = [...active];
    const rows = batch.map((i) => [...queries[i]!, ...responses[i]!]);
    const T = Math.max(...rows.map((r) => r.length));
    const logits = tf.tidy(() => {
      const hidden = computeHidden(params, config, rows);
      const last = Int32Array.from(rows.map((r, b) => b * T + r.length - 1));
      return computeLogits(params, config, gatherRows(hidden, last));
    });
    const flat = logits.dataSync();
    logits.dispose();
    const vocab = logits.shape[1];
    batch.forEach((i, b) => {
      // Banned ids carry −1e9 from the logit mask, so they get probability 0 here too.
      const row = flat.subarray(b * vocab, (b + 1) * vocab);
      const token = sampleIndex(getSamplingProbs(row, sampling), rng);
      responses[i]!.push(token);
      if (token === eos || responses[i]!.length >= lengths[i]!) active.delete(i);
    });
  }
  return responses;
}
