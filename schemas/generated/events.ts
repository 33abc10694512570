// Generated from schemas/events.schema.json by scripts/gen-types.mjs. Do not edit.

/**
 * One line of a plugin's events file. A step succeeds when it exits 0 after a `result` whose outputs validate against its manifest.
 */
export type StepEvent = Progress | Metric | Log | Artifact | Result | Error;
/**
 * Unix time in milliseconds.
 */
export type Time = number;

export interface Progress {
  type: 'progress';
  t?: Time;
  current: number;
  total?: number;
  message?: string;
}
export interface Metric {
  type: 'metric';
  t?: Time;
  name: string;
  value: number;
  step?: number;
}
export interface Log {
  type: 'log';
  t?: Time;
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
}
export interface Artifact {
  type: 'artifact';
  t?: Time;
  name: string;
  /**
   * Absolute, or relative to output_dir.
   */
  path: string;
}
export interface Result {
  type: 'result';
  t?: Time;
  outputs: {};
}
/**
 * The step refuses its input (a bad dataset or model file, an impossible option): the engine does not retry, prints `message` in full and exits 2. Send it, then exit non-zero (the SDKs exit 2).
 */
export interface Error {
  type: 'error';
  t?: Time;
  /**
   * input: the user must fix an input; retrying cannot help.
   */
  kind: 'input';
  /**
   * What is wrong, where (file, line), and how to fix it.
   */
  message: string;
}
