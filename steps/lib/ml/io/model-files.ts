import { existsSync, readFileSync } from 'node:fs';
import type { ModelConfig } from '../../../../schemas/generated/data/model-config.js';
import { describeSerError, getSerValidator } from '../../data/read-ser-files.js';
import { join } from 'node:path';
import type { RewardModelConfig } from '../models/model-config.js';
import { rewardModelArchitectures, validateModelConfig } from '../models/model-config.js';
import { makeParam, type ModelParams } from '../models/model-params.js';
import type { RewardModel } from '../models/reward-model.js';
import { parseTokenizer, serializeTokenizer } from '../tokenizer/word-tokenizer.js';
import { decodeTensors, encodeTensors, type TensorEntry } from './tensor-file.js';
import { writeFolderAtomically } from './write-folder.js';

export const modelFormat = 'ser-flow-reward-model';

/** `model/config.json`: enough for any implementation to rebuild the model (schemas/data/model-config.schema.json). */
export type ModelConfigJson = ModelConfig;

function toJson(config: RewardModelConfig, backend: string, tensors: TensorEntry[], training?: Record<string, unknown>): ModelConfigJson {
  return {
    format: modelFormat,
    version: 1,
    implementation: 'tfjs',
    backend,
    architecture: config.architecture,
    vocab_size: config.vocabSize,
    bigram_buckets: config.bigramBuckets,
    dim: config.dim,
    hidden: config.hidden,
    max_len: config.maxLen,
    layers: config.layers,
    heads: config.heads,
    seed: config.seed,
    text_format: 'Question: {prompt}\n\nAnswer: {response}',
    truncation: 'keep_end',
    tokenizer: { kind: 'word', file: 'vocab.json', lowercase: true },
    weights: { file: 'weights.bin', dtype: 'float32', byte_order: 'little', tensors },
    ...(training ? { training } : {}),
  };
}

/** The files of a model folder: config.json, vocab.json, weights.bin. */
export async function encodeModelFiles(options: { model: RewardModel; backend: string; training?: Record<string, unknown> }): Promise<Record<string, string | Buffer>> {
  const { model, backend, training } = options;
  const { bytes, entries } = await encodeTensors(model.params);
  return {
    'config.json': JSON.stringify(toJson(model.config, backend, entries, training), null, 2) + '\n',
    'vocab.json': JSON.stringify(serializeTokenizer(model.tokenizer)) + '\n',
    'weights.bin': bytes,
  };
}

/** Writes a model folder (atomically, replacing `dir`). */
export async function saveModel(options: { model: RewardModel; dir: string; backend: string; training?: Record<string, unknown> }): Promise<void> {
  writeFolderAtomically(options.dir, await encodeModelFiles(options));
}

function readJsonFile(file: string): unknown {
  if (!existsSync(file)) throw new Error(`${file} is missing: expected a model folder written by train-rm (config.json, vocab.json, weights.bin)`);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
}

/** Reads config.json of a model folder, checking it is one this implementation can load. */
export function readModelConfig(dir: string): ModelConfigJson {
  const file = join(dir, 'config.json');
  const json = readJsonFile(file) as Partial<ModelConfigJson>;
  if (json.format !== modelFormat || json.version !== 1) {
    throw new Error(`${file}: not a ser-flow reward model (expected format "${modelFormat}", version 1)`);
  }
  // The torch bag, linear and transformer share this exact folder format (docs/torch.md), so either implementation may load them.
  const sharedFormat = json.implementation === 'torch' && (rewardModelArchitectures as readonly string[]).includes(String(json.architecture));
  if (json.implementation !== 'tfjs' && !sharedFormat) {
    throw new Error(`${file}: this model was made by implementation '${json.implementation}'; score it with that implementation (implementation: ${json.implementation})`);
  }
  const validate = getSerValidator('model-config');
  if (!validate(json)) throw new Error(`${file}: ${describeSerError(validate)} (config.json is schemas/data/model-config.schema.json)`);
  return json as ModelConfigJson;
}

/** Loads a model folder written by `saveModel`. */
export function loadModel(dir: string): { model: RewardModel; json: ModelConfigJson } {
  const json = readModelConfig(dir);
  const config = validateModelConfig({
    architecture: json.architecture,
    vocabSize: json.vocab_size,
    bigramBuckets: json.bigram_buckets,
    dim: json.dim,
    hidden: json.hidden,
    maxLen: json.max_len,
    layers: json.layers,
    heads: json.heads,
    seed: json.seed,
  });
  const tokenizer = parseTokenizer(readJsonFile(join(dir, 'vocab.json')), join(dir, 'vocab.json'));
  const tensors = decodeTensors(join(dir, 'weights.bin'), json.weights.tensors);
  const params: ModelParams = new Map();
  for (const [name, { shape, values }] of tensors) makeParam(params, name, shape, values);
  return { model: { config, tokenizer, params }, json };
}
