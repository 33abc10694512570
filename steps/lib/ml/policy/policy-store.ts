import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs-core';
import { writeFolderAtomically } from '../io/write-folder.js';
import { makePolicyConfig, type PolicyConfig } from './policy-config.js';
import { getParamShapes, paramNames, type PolicyParams } from './policy-params.js';
import { encodeTensorFile, loadTensorFile } from './tensor-file.js';

/**
 * A saved policy folder: `weights.bin` (tensor-file.ts) and `config.json` `{config, tokenizer, ...extra}`,
 * swapped in as a whole (readers never see a half-written folder).
 */
export interface PolicyFolder {
  config: PolicyConfig;
  /** The shared tokenizer's serialised form, so the policy decodes to the text the RM scores. */
  tokenizer: unknown;
  params: PolicyParams;
  extra?: Record<string, unknown>;
}

export async function savePolicy(dir: string, { config, tokenizer, params, extra = {} }: PolicyFolder): Promise<void> {
  writeFolderAtomically(dir, {
    'weights.bin': await encodeTensorFile(params as unknown as Record<string, tf.Tensor>),
    'config.json': JSON.stringify({ ...extra, config, tokenizer }, null, 2) + '\n',
  });
}

export function loadPolicy(dir: string): PolicyFolder {
  const configFile = join(dir, 'config.json');
  if (!existsSync(configFile)) {
    throw new Error(`${dir}: not a policy folder (no config.json); pass the policy_dir output of train-sft or ppo`);
  }
  const { config: saved, tokenizer, ...extra } = JSON.parse(readFileSync(configFile, 'utf8')) as { config: PolicyConfig; tokenizer: unknown };
  if (saved?.kind !== 'policy-lm') {
    throw new Error(`${configFile}: config.kind is ${JSON.stringify(saved?.kind)}, expected "policy-lm"; this folder holds another kind of model`);
  }
  let config: PolicyConfig;
  try {
    config = makePolicyConfig(saved);
  } catch (error) {
    throw new Error(`${configFile}: ${(error as Error).message}`, { cause: error });
  }
  const tensors = loadTensorFile(join(dir, 'weights.bin'));
  const shapes = getParamShapes(config);
  for (const name of paramNames) {
    const t = tensors[name];
    if (!t || t.shape.join('x') !== shapes[name].join('x')) {
      throw new Error(`${dir}/weights.bin: tensor '${name}' has shape ${t?.shape.join('x') ?? 'none'}, config.json expects ${shapes[name].join('x')}`);
    }
  }
  return { config, tokenizer, params: tensors as unknown as PolicyParams, extra };
}
