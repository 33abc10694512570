import { join } from 'node:path';
import type { TrainSftInputs } from '../../../schemas/generated/steps/train-sft.inputs.js';
import type { TrainSftOutputs } from '../../../schemas/generated/steps/train-sft.outputs.js';
import { initStepBackend } from '../../lib/ml/backend/init-step-backend.js';
import { getIdField, getStringField, readJsonl } from '../../lib/data/jsonl.js';
import { loadModel } from '../../lib/ml/io/model-files.js';
import { makePolicyConfig } from '../../lib/ml/policy/policy-config.js';
import { makeAdamState } from '../../lib/ml/policy/adam.js';
import { getParamShapes, makePolicyParams } from '../../lib/ml/policy/policy-params.js';
import { loadSftCheckpoint, saveSftCheckpoint, type SftCheckpoint } from '../../lib/ml/policy/sft-checkpoint.js';
import { savePolicy } from '../../lib/ml/policy/policy-store.js';
import { encodeSftRow } from '../../lib/ml/policy/policy-text.js';
import { makeSftProgress, trainSft } from '../../lib/ml/policy/train-sft.js';
import { makeWordCodec } from '../../lib/ml/policy/word-codec.js';
import { bosId, buildWordTokenizer, eosId, padId, serializeTokenizer, unkId, type WordTokenizer } from '../../lib/ml/tokenizer/index.js';
import { runStep, StepInputError, type WithDefaults } from '../../sdk/index.js';

type Inputs = WithDefaults<TrainSftInputs, 'vocab_size' | 'context' | 'embed_dim' | 'hidden_dim' | 'epochs' | 'batch_size' | 'learning_rate' | 'max_prompt_tokens' | 'max_response_tokens' | 'backend'>;

await runStep<Inputs>(async (ctx) => {
  const started = Date.now();
  const { inputs, request } = ctx;
  const { context, embed_dim, hidden_dim, epochs, batch_size, learning_rate } = inputs;
  const { max_prompt_tokens, max_response_tokens, vocab_size, backend, seed = request.seed } = inputs;
  const choice = await initStepBackend(backend, ctx.log);

  let records;
  try {
    records = readJsonl(inputs.sft).slice(0, inputs.max_examples ?? Infinity);
    records.forEach(getIdField);
  } catch (error) {
    throw new StepInputError(`train-sft: ${(error as Error).message}`);
  }
  if (records.length === 0) throw new StepInputError(`train-sft: ${inputs.sft} has no examples; prepare-data with sft_ratio > 0 writes them`);
  const pairs = records.map((r) => {
    try {
      return { prompt: getStringField(r, 'prompt'), response: getStringField(r, 'response') };
    } catch (error) {
      throw new StepInputError(`train-sft: ${(error as Error).message} (sft.jsonl lines are {id, prompt, response})`);
    }
  });

  let tokenizer: WordTokenizer;
  if (inputs.tokenizer_from) {
    try {
      tokenizer = loadModel(inputs.tokenizer_from).model.tokenizer;
    } catch (error) {
      throw new StepInputError(`train-sft: tokenizer_from: ${(error as Error).message}`);
    }
  } else {
    tokenizer = buildWordTokenizer({ texts: pairs.flatMap((p) => [p.prompt, p.response]), vocabSize: vocab_size });
  }
  const codec = makeWordCodec(tokenizer);
  // The tokenizer's own PAD/UNK/BOS/EOS are never content: the policy has its BOS/SEP/EOS.
  const bannedIds = [padId, unkId, bosId, eosId];
  const config = makePolicyConfig({ tokenizerVocab: codec.vocabSize, context, embedDim: embed_dim, hiddenDim: hidden_dim, bannedIds });
  const examples = pairs.map((p) => encodeSftRow(codec, config, p.prompt, p.response, { maxPromptTokens: max_prompt_tokens, maxResponseTokens: max_response_tokens }));
  const parameters = Object.values(getParamShapes(config)).reduce((sum, shape) => sum + shape.reduce((a, b) => a * b, 1), 0);
  const checkpointDir = join(request.output_dir, 'checkpoint');
  // Everything but `epochs` must match for a checkpoint to be continued (more epochs may be asked for).
  const fingerprint = JSON.stringify({ examples: examples.length, vocab: codec.vocabSize, context, embed_dim, hidden_dim, batch_size, learning_rate, seed });
  const saved = loadSftCheckpoint(checkpointDir, fingerprint);
  let state: SftCheckpoint;
  if ('reason' in saved) {
    if (saved.reason !== 'no checkpoint') ctx.log('warn', `train-sft: not resuming: ${saved.reason}; training from scratch`);
    const params = makePolicyParams(config, seed);
    state = { params, adam: makeAdamState(params), progress: makeSftProgress(seed) };
  } else {
    state = saved;
  }
  const { params, progress } = state;
  const resumedFrom = progress.epoch * Math.ceil(examples.length / batch_size) + progress.batch;
  const resumed = resumedFrom > 0;
  ctx.log('info', `train-sft: ${examples.length} examples, vocab ${codec.vocabSize}, ${parameters} parameters, backend ${choice.name}${resumed ? `; resuming at epoch ${progress.epoch + 1} batch ${progress.batch + 1} from ${checkpointDir}` : ''}`);

  const losses = await trainSft({
    ...state,
    config,
    examples,
    epochs,
    batchSize: batch_size,
    learningRate: learning_rate,
    signal: ctx.signal,
    onBatch: ({ epoch, batch, batches, loss }) => {
      const step = epoch * batches + batch + 1;
      ctx.progress(step, epochs * batches, `epoch ${epoch + 1}/${epochs}`);
      if (batch % 10 === 0 || batch === batches - 1) ctx.metric('train/loss', loss, step);
    },
    onEpoch: () => saveSftCheckpoint(checkpointDir, state, fingerprint),
  });
  if (ctx.signal.aborted) {
    await saveSftCheckpoint(checkpointDir, state, fingerprint);
    ctx.log('warn', `train-sft: terminated; checkpoint at epoch ${progress.epoch + 1} batch ${progress.batch + 1} in ${checkpointDir}, the next attempt continues from it`);
    return;
  }
  losses.forEach((loss, i) => ctx.metric('train/epoch_loss', loss, i + 1));
  const policyDir = join(request.output_dir, 'policy');
  await savePolicy(policyDir, {
    config,
    tokenizer: serializeTokenizer(tokenizer),
    params,
    extra: { trained_by: 'train-sft', implementation: 'tfjs', backend: choice.name, examples: examples.length, epochs, max_prompt_tokens, max_response_tokens },
  });
  ctx.artifact('policy', policyDir);
  const outputs: TrainSftOutputs = {
    policy_dir: policyDir,
    examples: examples.length,
    epochs: losses.length,
    first_epoch_loss: losses[0]!,
    final_loss: losses.at(-1)!,
    vocab_size: codec.vocabSize,
    parameters,
    backend: choice.name,
    resumed_from: resumedFrom,
    seconds: (Date.now() - started) / 1000,
  };
  ctx.result(outputs as unknown as Record<string, unknown>);
});
