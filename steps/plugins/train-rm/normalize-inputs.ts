import type { TrainRmInputs } from '../../../schemas/generated/steps/train-rm.inputs.js';
import type { TrainOptions } from '../../lib/ml/train/train-reward-model.js';
import type { RewardModelArchitecture } from '../../lib/ml/models/model-config.js';
import { StepInputError, type WithDefaults } from '../../sdk/index.js';

/** train-rm's inputs as the engine delivers them: the schema's defaults filled in. */
export type TrainRmRequestInputs = WithDefaults<
  TrainRmInputs,
  | 'model' | 'loss' | 'margin' | 'center_coef' | 'epochs' | 'batch_size' | 'lr' | 'weight_decay' | 'token_dropout' | 'warmup_ratio'
  | 'max_len' | 'vocab_size' | 'dim' | 'hidden' | 'layers' | 'heads' | 'bigram_buckets' | 'backend'
>;

/** train-rm inputs in the shape the trainer takes; only the seed's default (the request's) is set here. */
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

export function normalizeTrainInputs(inputs: TrainRmRequestInputs, requestSeed: number): TrainRmOptions {
  const {
    train, dev, init_model: initModel, model, loss, margin, center_coef: centerCoef, epochs,
    batch_size: batchSize, lr, weight_decay: weightDecay, warmup_ratio: warmupRatio, max_len: maxLen,
    vocab_size: vocabSize, dim, hidden, layers, heads, bigram_buckets: bigramBuckets,
    backend, seed = requestSeed, token_dropout: tokenDropout,
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
