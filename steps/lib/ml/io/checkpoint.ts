import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { RewardModel } from '../models/reward-model.js';
import type { TrainPosition } from '../train/train-reward-model.js';
import { encodeModelFiles, loadModel } from './model-files.js';
import { decodeTensors, encodeTensors, type TensorEntry } from './tensor-file.js';
import { writeFolderAtomically } from './write-folder.js';

/** state.json of a checkpoint. `fingerprint` ties it to the inputs it was made with. */
interface CheckpointState {
  fingerprint: string;
  epoch: number;
  batch: number;
  step: number;
  history: TrainPosition['history'];
  optimizer: TensorEntry[];
}

/** A training checkpoint: the model folder files plus optimizer.bin (Adam moments) and state.json. */
export async function saveCheckpoint(options: { dir: string; model: RewardModel; position: TrainPosition; backend: string; fingerprint: string }): Promise<void> {
  const { dir, model, position, backend, fingerprint } = options;
  const moments = new Map<string, tf.Tensor>();
  for (const [name, m] of position.optimizer.m) moments.set(`m/${name}`, m);
  for (const [name, v] of position.optimizer.v) moments.set(`v/${name}`, v);
  const { bytes, entries } = await encodeTensors(moments);
  const state: CheckpointState = {
    fingerprint,
    epoch: position.epoch,
    batch: position.batch,
    step: position.optimizer.step,
    history: position.history,
    optimizer: entries,
  };
  writeFolderAtomically(dir, {
    ...(await encodeModelFiles({ model, backend })),
    'optimizer.bin': bytes,
    'state.json': JSON.stringify(state, null, 2) + '\n',
  });
}

/**
 * The checkpoint in `dir` if there is one made with the same `fingerprint`; otherwise undefined and a
 * reason (so the caller can log why it starts from scratch).
 */
export function loadCheckpoint(dir: string, fingerprint: string): { model: RewardModel; position: TrainPosition } | { reason: string } {
  const stateFile = join(dir, 'state.json');
  if (!existsSync(stateFile)) return { reason: 'no checkpoint' };
  let state: CheckpointState;
  try {
    state = JSON.parse(readFileSync(stateFile, 'utf8')) as CheckpointState;
  } catch (error) {
    return { reason: `checkpoint state ${stateFile} is unreadable (${(error as Error).message})` };
  }
  if (state.fingerprint !== fingerprint) return { reason: `checkpoint in ${dir} was made with other inputs` };
  const { model } = loadModel(dir);
  const tensors = decodeTensors(join(dir, 'optimizer.bin'), state.optimizer);
  const read = (key: string) => {
    const t = tensors.get(key);
    if (!t) throw new Error(`${join(dir, 'optimizer.bin')}: lacks moment '${key}'; delete ${dir} to start over`);
    return tf.variable(tf.tensor(t.values, t.shape), false);
  };
  const names = [...model.params.keys()];
  return {
    model,
    position: {
      epoch: state.epoch,
      batch: state.batch,
      history: state.history,
      optimizer: { step: state.step, m: new Map(names.map((n) => [n, read(`m/${n}`)])), v: new Map(names.map((n) => [n, read(`v/${n}`)])) },
    },
  };
}

export function removeCheckpoint(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
