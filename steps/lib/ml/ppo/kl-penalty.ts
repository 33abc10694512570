/**
 * Per-token KL estimates between the policy and the frozen reference, from the sampled token's
 * log-probabilities (Schulman's k1/k3): k1 = logπ − logπ_ref; k3 = (e^r − 1) − r with r = logπ_ref − logπ.
 * k1 is unbiased but can go negative per token; k3 is non-negative and lower-variance.
 */
export type KlEstimator = 'k1' | 'k3';

export function estimateKl(logp: readonly number[], logpRef: readonly number[], estimator: KlEstimator = 'k1'): number[] {
  return logp.map((lp, t) => {
    const logRatio = logpRef[t]! - lp;
    return estimator === 'k1' ? -logRatio : Math.expm1(logRatio) - logRatio;
  });
}

/**
 * Per-token rewards as legacy TRL's `compute_rewards`: r_t = −β·kl_t, and the sequence score is
 * added on the last response token.
 */
export function shapeRewards({ score, kl, beta }: { score: number; kl: readonly number[]; beta: number }): number[] {
  const rewards = kl.map((k) => -beta * k);
  if (rewards.length > 0) rewards[rewards.length - 1]! += score;
  return rewards;
}
