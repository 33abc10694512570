import * as tf from '@tensorflow/tfjs-core';

/** A model's trainable tensors by name, in a fixed order (the order weights are saved in). */
export type ModelParams = Map<string, tf.Variable>;

let created = 0;

/** Makes a variable from host values; a counter keeps engine names unique when models coexist. */
export function makeParam(params: ModelParams, name: string, shape: number[], values: Float32Array): void {
  created += 1;
  params.set(name, tf.tidy(() => tf.variable(tf.tensor(values, shape, 'float32'), true, `${name}#${created}`)));
}

export function disposeParams(params: ModelParams): void {
  for (const v of params.values()) v.dispose();
}

/** Reads a param, failing clearly when a weights file misses it. */
export function getParam(params: ModelParams, name: string): tf.Variable {
  const param = params.get(name);
  if (!param) throw new Error(`model weights lack tensor '${name}'`);
  return param;
}
