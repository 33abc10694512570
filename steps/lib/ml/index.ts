// The in-process API of the TF.js reward models (see README.md). Plugins and benches may import from here.
export { initBackend, getBackendChoice, backendNames, type BackendChoice, type BackendName } from './backend/init-backend.js';
export { loadModel, saveModel, readModelConfig, type ModelConfigJson } from './io/model-files.js';
export { readTrainPairs, readPoolPairs, readPoolLabels, type TrainPair, type PoolPair } from './io/read-pairs.js';
export { computePairLoss, type PairLossName } from './losses/pair-loss.js';
export { formatScoreText } from './models/encode-texts.js';
export { defaultModelConfig, type RewardModelConfig } from './models/model-config.js';
export { disposeParams } from './models/model-params.js';
export { createRewardModel, scoreTexts, type RewardModel } from './models/reward-model.js';
export { buildWordTokenizer, encodeText, decodeIds, type WordTokenizer } from './tokenizer/word-tokenizer.js';
export { evaluatePairs, scorePairs, type PairMetrics } from './train/evaluate-pairs.js';
export { trainRewardModel, type TrainOptions, type TrainPosition, type TrainResult } from './train/train-reward-model.js';
