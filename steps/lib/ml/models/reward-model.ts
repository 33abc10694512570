import * as tf from '@tensorflow/tfjs-core';
import type { WordTokenizer } from '../tokenizer/word-tokenizer.js';
import { initBagParams, scoreBag } from './bag-rm.js';
import { initLinearParams, scoreLinear } from './linear-rm.js';
import { encodeScoreText, formatScoreText, padSequences, type SequenceBatch } from './encode-texts.js';
import { validateModelConfig, type RewardModelArchitecture, type RewardModelConfig } from './model-config.js';
import type { ModelParams } from './model-params.js';
import { initTransformerParams, scoreTransformer } from './transformer-rm.js';

/** Each architecture's seeded init and forward pass, keyed as `config.architecture`. */
const architectures: Record<RewardModelArchitecture, { init(config: RewardModelConfig): ModelParams; score(params: ModelParams, batch: SequenceBatch, config: RewardModelConfig): tf.Tensor1D }> = {
  bag: { init: initBagParams, score: scoreBag },
  linear: { init: initLinearParams, score: scoreLinear },
  transformer: { init: initTransformerParams, score: scoreTransformer },
};

/** A reward model in memory: architecture, the tokenizer it was built with, and its weights. */
export interface RewardModel {
  config: RewardModelConfig;
  tokenizer: WordTokenizer;
  params: ModelParams;
}

/** A freshly initialised (seeded) reward model. */
export function createRewardModel(options: { config: RewardModelConfig; tokenizer: WordTokenizer }): RewardModel {
  const config = validateModelConfig(options.config);
  if (config.vocabSize !== options.tokenizer.words.length) {
    throw new Error(`config vocabSize ${config.vocabSize} differs from the tokenizer's ${options.tokenizer.words.length} words`);
  }
  const params = architectures[config.architecture].init(config);
  return { config, tokenizer: options.tokenizer, params };
}

/** Rewards [rows] for a padded batch (a tensor; call inside tf.tidy or a gradient function). */
export function scoreBatch(model: RewardModel, batch: SequenceBatch): tf.Tensor1D {
  return architectures[model.config.architecture].score(model.params, batch, model.config);
}

/** Token ids of each formatted (prompt, response) text. */
export function encodeResponses(model: RewardModel, prompts: string[], responses: string[]): Int32Array[] {
  return responses.map((response, i) =>
    encodeScoreText({ tokenizer: model.tokenizer, config: model.config, text: formatScoreText(prompts[i], response) }),
  );
}

/** Scalar rewards of (prompt, response) texts, scored in batches without tracking gradients. */
export async function scoreTexts(model: RewardModel, prompts: string[], responses: string[], batchSize = 128): Promise<Float32Array> {
  if (prompts.length !== responses.length) throw new Error(`scoreTexts: ${prompts.length} prompts but ${responses.length} responses`);
  const encoded = encodeResponses(model, prompts, responses);
  const out = new Float32Array(encoded.length);
  for (let start = 0; start < encoded.length; start += batchSize) {
    const rewards = tf.tidy(() => scoreBatch(model, padSequences(encoded.slice(start, start + batchSize))));
    // Read outside tidy: returning data from tidy is slow (tfjs-notes pitfall 5).
    out.set(await rewards.data(), start);
    rewards.dispose();
  }
  return out;
}
