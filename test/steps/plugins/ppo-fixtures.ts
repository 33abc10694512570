import { join } from 'node:path';
import { saveModel } from '../../../steps/lib/ml/io/model-files.js';
import { defaultModelConfig } from '../../../steps/lib/ml/models/model-config.js';
import { createRewardModel } from '../../../steps/lib/ml/models/reward-model.js';
import { makePolicyConfig } from '../../../steps/lib/ml/policy/policy-config.js';
import { makePolicyParams, type PolicyParams } from '../../../steps/lib/ml/policy/policy-params.js';
import { savePolicy } from '../../../steps/lib/ml/policy/policy-store.js';
import { bosId, buildWordTokenizer, eosId, padId, serializeTokenizer, unkId, type WordTokenizer } from '../../../steps/lib/ml/tokenizer/index.js';
import { writeJsonl } from '../lib/ml/fixtures/synthetic-pairs.js';

export const fixtureWords = ['alpha', 'beta', 'gamma', 'delta', 'eps', 'zeta', 'eta', 'theta', 'good', 'bad'];

/** A tokenizer over `fixtureWords`, a (random, untrained) policy and RM on it, and a prompts file. */
export async function makePolicyFixture(dir: string, { prompts = 12 }: { prompts?: number } = {}) {
  const tokenizer: WordTokenizer = buildWordTokenizer({ texts: [fixtureWords.join(' ')], vocabSize: 64 });
  const config = makePolicyConfig({ tokenizerVocab: tokenizer.words.length, context: 2, embedDim: 8, hiddenDim: 16, bannedIds: [padId, unkId, bosId, eosId] });
  const params = makePolicyParams(config, 1);
  const policyDir = join(dir, 'sft-policy');
  await savePolicy(policyDir, { config, tokenizer: serializeTokenizer(tokenizer), params, extra: { max_prompt_tokens: 8 } });
  const rm = createRewardModel({ config: { ...defaultModelConfig, vocabSize: tokenizer.words.length, seed: 3, dim: 8, hidden: 8 }, tokenizer });
  const rmDir = join(dir, 'rm');
  await saveModel({ model: rm, dir: rmDir, backend: 'wasm' });
  const promptsFile = writeJsonl(
    join(dir, 'prompts.jsonl'),
    Array.from({ length: prompts }, (_, i) => ({ id: `q${i}`, prompt: `${fixtureWords[i % 8]} ${fixtureWords[(i * 3) % 8]}?` })),
  );
  return { tokenizer, config, params, policyDir, rmDir, promptsFile };
}

/** Saves a copy of a policy whose output bias makes it emit `word` almost always. */
export async function savePolicyPreferring(options: { dir: string; tokenizer: WordTokenizer; config: ReturnType<typeof makePolicyConfig>; params: PolicyParams; word: string }) {
  const { dir, tokenizer, config, params, word } = options;
  const id = tokenizer.index.get(word)!;
  const bias = params.bOut.dataSync().slice();
  bias[id] = 30;
  const { tensor1d } = await import('@tensorflow/tfjs-core');
  await savePolicy(dir, { config, tokenizer: serializeTokenizer(tokenizer), params: { ...params, bOut: tensor1d(bias) }, extra: { max_prompt_tokens: 8 } });
  return dir;
}
