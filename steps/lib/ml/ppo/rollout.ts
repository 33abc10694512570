import { generateResponses } from '../policy/generate.js';
import type { PolicyConfig } from '../policy/policy-config.js';
import type { PolicyParams } from '../policy/policy-params.js';
import { getSequenceStats } from '../policy/sequence-stats.js';
import { computeGae } from './gae.js';
import { estimateKl, shapeRewards, type KlEstimator } from './kl-penalty.js';
import type { Rng } from '../../random/seeded-random.js';
import type { SamplingOptions } from './sampling.js';
import { whitenRows } from './whiten.js';

/** One PPO batch: sampled responses and everything the update needs, one array entry per response token. */
export interface Rollout {
  rows: number[][];
  starts: number[];
  responses: number[][];
  scores: number[];
  logp: number[][];
  refLogp: number[][];
  values: number[][];
  kl: number[][];
  rewards: number[][];
  advantages: number[][];
  returns: number[][];
}

export interface RolloutOptions {
  policy: PolicyParams;
  reference: PolicyParams;
  config: PolicyConfig;
  queries: number[][];
  lengths: number[];
  sampling: SamplingOptions;
  rng: Rng;
  /** Sequence-level score of each response (e.g. σ(RM) − baseline), added at its last token. */
  score: (queries: number[][], responses: number[][]) => Promise<number[]>;
  beta: number;
  klEstimator?: KlEstimator;
  gamma?: number;
  lam?: number;
}

/**
 * Samples responses, scores them, and computes legacy TRL's per-token rewards (−β·KL, score on the
 * last token), GAE advantages (whitened over the batch) and returns.
 */
export async function collectRollout(options: RolloutOptions): Promise<Rollout> {
  const { policy, reference, config, queries, lengths, sampling, rng, score, beta, klEstimator = 'k1', gamma = 1, lam = 0.95 } = options;
  const responses = generateResponses({ params: policy, config, queries, lengths, rng, ...sampling });
  const scores = await score(queries, responses);
  const rows = queries.map((q, i) => [...q, ...responses[i]!]);
  const starts = queries.map((q) => q.length);
  const temperature = sampling.temperature ?? 1;
  const { logp, values } = await getSequenceStats({ params: policy, config, rows, starts, temperature });
  const { logp: refLogp } = await getSequenceStats({ params: reference, config, rows, starts, temperature });
  const kl = logp.map((lp, i) => estimateKl(lp, refLogp[i]!, klEstimator));
  const rewards = kl.map((k, i) => shapeRewards({ score: scores[i]!, kl: k, beta }));
  const gae = rewards.map((r, i) => computeGae({ rewards: r, values: values[i]!, gamma, lam }));
  const advantages = whitenRows(gae.map((g) => g.advantages));
  return { rows, starts, responses, scores, logp, refLogp, values, kl, rewards, advantages, returns: gae.map((g) => g.returns) };
}
