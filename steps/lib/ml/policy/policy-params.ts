import * as tf from '@tensorflow/tfjs-core';
import { makeRng } from '../../random/seeded-random.js';
import { getSpecialIds, type PolicyConfig } from './policy-config.js';

/** The policy's weights, as plain kept tensors (no tf.Variable names to collide between models). */
export interface PolicyParams {
  embedding: tf.Tensor2D; // [vocab, E]
  w1: tf.Tensor2D; // [(context + 1)·E, H]
  b1: tf.Tensor1D;
  wOut: tf.Tensor2D; // [H, vocab]
  bOut: tf.Tensor1D;
  wValue: tf.Tensor2D; // [H, 1]
  bValue: tf.Tensor1D;
}

export type ParamName = keyof PolicyParams;
export const paramNames: readonly ParamName[] = ['embedding', 'w1', 'b1', 'wOut', 'bOut', 'wValue', 'bValue'];

export function getParamShapes(config: PolicyConfig): Record<ParamName, number[]> {
  const { vocab } = getSpecialIds(config);
  const { embedDim: E, hiddenDim: H, context } = config;
  return {
    embedding: [vocab, E],
    w1: [(context + 1) * E, H],
    b1: [H],
    wOut: [H, vocab],
    bOut: [vocab],
    wValue: [H, 1],
    bValue: [1],
  };
}

/** Seeded initialisation: uniform Glorot for matrices, N(0, 0.1)-like uniform for embeddings, zero biases. */
export function makePolicyParams(config: PolicyConfig, seed: number): PolicyParams {
  const rng = makeRng(seed);
  const shapes = getParamShapes(config);
  const init = (name: ParamName): tf.Tensor => {
    const shape = shapes[name];
    const size = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    if (shape.length === 2) {
      const limit = name === 'embedding' ? 0.1 : Math.sqrt(6 / (shape[0]! + shape[1]!));
      for (let i = 0; i < size; i++) data[i] = (rng.next() * 2 - 1) * limit;
    }
    return tf.keep(tf.tensor(data, shape));
  };
  return Object.fromEntries(paramNames.map((n) => [n, init(n)])) as unknown as PolicyParams;
}

export function cloneParams(params: PolicyParams): PolicyParams {
  return Object.fromEntries(paramNames.map((n) => [n, tf.keep(params[n].clone())])) as unknown as PolicyParams;
}

export function disposeParams(params: PolicyParams): void {
  for (const n of paramNames) params[n].dispose();
}

/** The language-model parameters (everything but the value head): what SFT trains. */
export const lmParamNames: readonly ParamName[] = ['embedding', 'w1', 'b1', 'wOut', 'bOut'];
