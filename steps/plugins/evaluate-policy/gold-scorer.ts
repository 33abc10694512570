import { readFileSync } from 'node:fs';
import { parseGoldReward, scoreGold } from '../../lib/data/gold-reward.js';
import { loadModel } from '../../lib/ml/io/model-files.js';
import { scoreTexts } from '../../lib/ml/models/reward-model.js';

export interface GoldScorer {
  source: 'gold.json' | 'model' | 'none';
  score(prompts: string[], responses: string[]): Promise<number[]>;
}

/**
 * The gold reward: the generator's true reward from gold.json (Σ word weights of the response), or a
 * reward-model folder standing in for it (σ(score)). Undefined when neither is given.
 */
export function makeGoldScorer({ gold, goldModel }: { gold?: string; goldModel?: string }): GoldScorer | undefined {
  if (gold && goldModel) throw new Error('give either gold (gold.json) or gold_model (a reward-model folder), not both');
  if (gold) {
    let text: string;
    try {
      text = readFileSync(gold, 'utf8');
    } catch (error) {
      throw new Error(`cannot read gold ${gold}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; pass prepare-data's gold output`, { cause: error });
    }
    const reward = parseGoldReward(text, gold);
    return { source: 'gold.json', score: async (_prompts, responses) => responses.map((r) => scoreGold(reward, r)) };
  }
  if (goldModel) {
    const { model } = loadModel(goldModel);
    return {
      source: 'model',
      score: async (prompts, responses) => Array.from(await scoreTexts(model, prompts, responses), (r) => 1 / (1 + Math.exp(-r))),
    };
  }
  return undefined;
}
