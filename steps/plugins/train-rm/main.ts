import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TrainRmOutputs } from '../../../schemas/generated/steps/train-rm.outputs.js';
import { initStepBackend } from '../../lib/ml/backend/init-step-backend.js';
import { loadCheckpoint, removeCheckpoint, saveCheckpoint } from '../../lib/ml/io/checkpoint.js';
import { loadModel, saveModel } from '../../lib/ml/io/model-files.js';
import { readInput } from '../../lib/ml/io/read-input.js';
import { readTrainPairs, type TrainPair } from '../../lib/data/read-ser-files.js';
import { formatScoreText } from '../../lib/ml/models/encode-texts.js';
import { createRewardModel, type RewardModel } from '../../lib/ml/models/reward-model.js';
import { buildWordTokenizer } from '../../lib/ml/tokenizer/word-tokenizer.js';
import { evaluatePairs } from '../../lib/ml/train/evaluate-pairs.js';
import { trainRewardModel } from '../../lib/ml/train/train-reward-model.js';
import { runStep, StepInputError, type StepContext } from '../../sdk/index.js';
import { normalizeTrainInputs, type TrainRmOptions, type TrainRmRequestInputs } from './normalize-inputs.js';

/** A fresh model (vocabulary from the training texts) or the warm-start model of `init_model`. */
function makeStartModel(options: TrainRmOptions, pairs: TrainPair[], log: StepContext<TrainRmRequestInputs>['log']): RewardModel {
  if (options.initModel) {
    const { model } = readInput('init_model', () => loadModel(options.initModel!));
    if (model.config.architecture !== options.model) {
      throw new StepInputError(`input init_model is a '${model.config.architecture}' model but input model is '${options.model}'; make them agree`);
    }
    log('info', `warm start from ${options.initModel} (its tokenizer and architecture are kept)`);
    return model;
  }
  const texts = pairs.flatMap((p) => [formatScoreText(p.prompt, p.chosen), formatScoreText(p.prompt, p.rejected)]);
  const tokenizer = buildWordTokenizer({ texts, vocabSize: options.vocabSize });
  const config = {
    architecture: options.model,
    vocabSize: tokenizer.words.length,
    bigramBuckets: options.bigramBuckets,
    dim: options.dim,
    hidden: options.hidden,
    maxLen: options.maxLen,
    layers: options.layers,
    heads: options.heads,
    seed: options.seed,
  };
  return readInput('model options', () => createRewardModel({ config, tokenizer }));
}

await runStep<TrainRmRequestInputs>(async (ctx) => {
  const options = normalizeTrainInputs(ctx.inputs, ctx.request.seed);
  const backend = await initStepBackend(options.backend, ctx.log);
  const pairs = readInput('train', () => readTrainPairs(options.train));
  const dev = options.dev ? readInput('dev', () => readTrainPairs(options.dev!)) : undefined;
  const checkpointDir = join(ctx.request.output_dir, 'checkpoint');
  const fingerprint = createHash('sha256').update(JSON.stringify({ options, pairs: pairs.length })).digest('hex');
  const found = loadCheckpoint(checkpointDir, fingerprint);
  const resumed = 'model' in found;
  if (resumed) ctx.log('info', `resuming from ${checkpointDir} at epoch ${found.position.epoch + 1}, batch ${found.position.batch + 1}`);
  else if (existsSync(checkpointDir)) ctx.log('warn', `${found.reason}; training from scratch`);
  const model = resumed ? found.model : makeStartModel(options, pairs, ctx.log);
  const checkpoint = (position: Parameters<typeof saveCheckpoint>[0]['position']) =>
    saveCheckpoint({ dir: checkpointDir, model, position, backend: backend.name, fingerprint });
  const result = await trainRewardModel({
    model,
    pairs,
    train: options,
    signal: ctx.signal,
    resume: resumed ? found.position : undefined,
    onBatch: ({ step, totalSteps, epoch, loss }) => ctx.progress(step, totalSteps, `epoch ${epoch}/${options.epochs} loss ${loss.toFixed(4)}`),
    onEpoch: async ({ epoch, loss, accuracy, lr, position }) => {
      ctx.metric('loss', loss, epoch);
      ctx.metric('accuracy', accuracy, epoch);
      ctx.metric('lr', lr, epoch);
      if (epoch < options.epochs) await checkpoint(position);
    },
  });
  if (result.stopped) {
    await checkpoint(result.position);
    ctx.log('info', `terminated: checkpoint saved to ${checkpointDir} (epoch ${result.position.epoch + 1}, batch ${result.position.batch + 1}); rerun with the same output_dir to continue`);
    return;
  }
  // An empty dev file (dev_fraction 0) has no accuracy to report.
  const devAccuracy = dev?.length ? (await evaluatePairs(model, dev)).accuracy : undefined;
  if (devAccuracy !== undefined) ctx.metric('dev_accuracy', devAccuracy);
  const modelDir = resolve(ctx.request.output_dir, 'model');
  await saveModel({
    model,
    dir: modelDir,
    backend: backend.name,
    training: { loss: options.loss, margin: options.margin, center_coef: options.centerCoef, epochs: options.epochs, batch_size: options.batchSize, lr: options.lr, weight_decay: options.weightDecay, warmup_ratio: options.warmupRatio, pairs: pairs.length, init_model: options.initModel ?? null, final_loss: result.finalLoss },
  });
  removeCheckpoint(checkpointDir);
  ctx.artifact('model', modelDir);
  const outputs: TrainRmOutputs = {
    model: modelDir,
    backend: backend.name,
    implementation: 'tfjs',
    train_pairs: pairs.length,
    final_loss: result.finalLoss,
    pairs_per_second: result.pairsPerSecond,
    ...(devAccuracy === undefined ? {} : { dev_accuracy: devAccuracy }),
  };
  ctx.result(outputs as unknown as Record<string, unknown>);
});
