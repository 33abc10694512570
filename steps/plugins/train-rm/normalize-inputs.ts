import type { TrainRmInputs } from '../../../schemas/generated/steps/train-rm.inputs.js';
import type { TrainOptions } from '../../lib/ml/train/train-reward-model.js';
import type { RewardModelArchitecture } from '../../lib/ml/models/model-config.js';
import { StepInputError } from '../../sdk/index.js';

/** train-rm inputs with every default set (the same defaults as the schema and the torch plugin). */
export interface TrainRmOptions extends TrainOptions {
  train: string;
  dev?: string;
  initModel?: string;
  model: RewardModelArchitecture;
  maxLen: number;
  vocabSize: number;
  dim: number;
  hidden: number;
  layers: number;
  heads: number;
  bigramBuckets: number;
  backend: string;
}

export function normalizeTrainInputs(inputs: TrainRmInputs, requestSeed: number): TrainRmOptions {
  const {
    train, dev, init_model: initModel, model = 'bag', loss = 'bt', margin = 0, center_coef: centerCoef = 0, epochs = 3,
    batch_size: batchSize = 32, lr = 1e-3, weight_decay: weightDecay = 0, warmup_ratio: warmupRatio = 0, max_len: maxLen = 128,
    vocab_size: vocabSize = 8000, dim = 128, hidden = 128, layers = 2, heads = 4, bigram_buckets: bigramBuckets = 0,
    backend = 'auto', seed = requestSeed, token_dropout: tokenDropout = 0,
  } = inputs;
  if (model === 'hf') {
    throw new StepInputError("input model is 'hf', which only the torch implementation has; set the state's implementation to torch or use model bag|linear|transformer");
  }
  if (model === 'transformer' && dim % heads !== 0) {
    throw new StepInputError(`inputs dim (${dim}) and heads (${heads}): dim must be divisible by heads`);
  }
  return {
    train, dev, initModel, model, loss, margin, centerCoef, epochs, batchSize, lr, weightDecay, warmupRatio,
    maxLen, vocabSize, dim, hidden, layers, heads, bigramBuckets, backend, seed, tokenDropout,
  };
}
