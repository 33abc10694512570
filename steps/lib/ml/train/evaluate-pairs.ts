import type { TrainPair } from '../../data/read-ser-files.js';
import { scoreTexts, type RewardModel } from '../models/reward-model.js';

/** Pairwise metrics of a reward model on labeled pairs (TRL names; both tie rules). */
export interface PairMetrics {
  /** Strict: r_c > r_r (TRL). */
  accuracy: number;
  ties: number;
  /** SER's official argmax([r_c, r_r]) == 0: a tie counts as correct. */
  accuracyTiesCorrect: number;
  /** Mean r_c − r_r. */
  margin: number;
  /** Over all 2·N scored responses. */
  rewardMean: number;
  rewardStd: number;
}

export function summarizeRewards(values: ArrayLike<number>): { mean: number; std: number } {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  const mean = values.length ? sum / values.length : Number.NaN;
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += (values[i] - mean) ** 2;
  return { mean, std: values.length ? Math.sqrt(squares / values.length) : Number.NaN };
}

/** Rewards of each pair's chosen and rejected response. */
export async function scorePairs(model: RewardModel, pairs: TrainPair[]): Promise<{ chosen: Float32Array; rejected: Float32Array }> {
  const prompts = pairs.map((p) => p.prompt);
  return {
    chosen: await scoreTexts(model, prompts, pairs.map((p) => p.chosen)),
    rejected: await scoreTexts(model, prompts, pairs.map((p) => p.rejected)),
  };
}

export async function evaluatePairs(model: RewardModel, pairs: TrainPair[]): Promise<PairMetrics> {
  if (pairs.length === 0) throw new Error('no pairs to evaluate: the file is empty');
  const { chosen, rejected } = await scorePairs(model, pairs);
  let wins = 0;
  let ties = 0;
  let margin = 0;
  for (let i = 0; i < pairs.length; i++) {
    if (chosen[i] > rejected[i]) wins++;
    else if (chosen[i] === rejected[i]) ties++;
    margin += chosen[i] - rejected[i];
  }
  const all = new Float32Array(pairs.length * 2);
  all.set(chosen);
  all.set(rejected, pairs.length);
  const { mean, std } = summarizeRewards(all);
  return {
    accuracy: wins / pairs.length,
    ties,
    accuracyTiesCorrect: (wins + ties) / pairs.length,
    margin: margin / pairs.length,
    rewardMean: mean,
    rewardStd: std,
  };
}
