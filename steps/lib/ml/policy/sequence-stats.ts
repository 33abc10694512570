import * as tf from '@tensorflow/tfjs-core';
import type { PolicyConfig } from './policy-config.js';
import { computeHidden, computeTokenLogProbs, getTargetPositions } from './policy-forward.js';
import type { PolicyParams } from './policy-params.js';

/** Per-row log-probabilities and value estimates of each row's tokens from `starts[b]` on (no gradient). */
export async function getSequenceStats({
  params,
  config,
  rows,
  starts,
  temperature = 1,
}: {
  params: PolicyParams;
  config: PolicyConfig;
  rows: readonly (readonly number[])[];
  starts: readonly number[];
  temperature?: number;
}): Promise<{ logp: number[][]; values: number[][] }> {
  const targets = getTargetPositions(rows, starts);
  const out = tf.tidy(() => {
    const hidden = computeHidden(params, config, rows);
    const { logp, values } = computeTokenLogProbs(params, config, hidden, targets, temperature);
    return [logp, values];
  });
  const [logpFlat, valuesFlat] = await Promise.all(out.map((t) => t.data()));
  out.forEach((t) => t.dispose());
  const logp: number[][] = [];
  const values: number[][] = [];
  let offset = 0;
  rows.forEach((row, b) => {
    const n = row.length - starts[b]!;
    logp.push(Array.from(logpFlat!.subarray(offset, offset + n)));
    values.push(Array.from(valuesFlat!.subarray(offset, offset + n)));
    offset += n;
  });
  return { logp, values };
}
