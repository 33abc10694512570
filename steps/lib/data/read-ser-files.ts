import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import type { AdmittedPair, LabeledPair, PairScore, PoolLabel, PoolPair } from './records.js';
import { readJsonl } from './jsonl.js';

// Reads the SER files (docs/ser-files.md) and checks every line against its schema in schemas/data/.

const schemaNames = ['labeled-pair', 'pool-pair', 'pool-label', 'pair-score', 'admitted-pair', 'model-config'] as const;
export type SerSchemaName = (typeof schemaNames)[number];

let ajv: Ajv | undefined;
const validators = new Map<SerSchemaName, ValidateFunction>();

/** schemas/data/, found from this file whether it runs from source or from dist/. */
function getSchemaDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'schemas', 'data'))) {
    if (dirname(dir) === dir) throw new Error(`cannot find schemas/data above ${fileURLToPath(import.meta.url)}`);
    dir = dirname(dir);
  }
  return join(dir, 'schemas', 'data');
}

/** The compiled validator of one SER file schema (compiled once per process, with the others it refers to). */
export function getSerValidator(name: SerSchemaName): ValidateFunction {
  let validate = validators.get(name);
  if (!validate) {
    if (!ajv) {
      const dir = getSchemaDir();
      ajv = new Ajv({ strict: false });
      for (const schema of schemaNames) ajv.addSchema(JSON.parse(readFileSync(join(dir, `${schema}.schema.json`), 'utf8')) as object);
    }
    validate = ajv.getSchema(`https://ser-flow.dev/schemas/data/${name}.schema.json`)!;
    validators.set(name, validate);
  }
  return validate;
}

/** The first schema error in words: `field 'chosen' must be string`. */
export function describeSerError(validate: ValidateFunction): string {
  const error = validate.errors?.[0];
  if (!error) return 'does not match its schema';
  if (error.keyword === 'required') return `field '${(error.params as { missingProperty: string }).missingProperty}' is missing`;
  const field = error.instancePath.slice(1).replace(/\//g, '.');
  return `${field ? `field '${field}'` : 'the record'} ${error.message ?? 'is invalid'}`;
}

/** Every line of a SER file, checked against `schemas/data/<name>.schema.json`; `id` is carried as a string. */
function readSerFile<T>(file: string, name: SerSchemaName): T[] {
  const validate = getSerValidator(name);
  return readJsonl(file).map(({ value, where }) => {
    if (!validate(value)) throw new Error(`${where}: ${describeSerError(validate)} (a line of this file is schemas/data/${name}.schema.json)`);
    return (typeof value.id === 'number' ? { ...value, id: String(value.id) } : value) as T;
  });
}

/** A labeled pair as train-rm / evaluate-rm train and test on: `weight` defaults to 1. */
export type TrainPair = LabeledPair & { weight: number };

/** train/dev/test/labeled/admitted files, as the RM trains on them (provenance fields left out). */
export function readTrainPairs(file: string): TrainPair[] {
  return readSerFile<LabeledPair>(file, 'labeled-pair').map(({ id, prompt, chosen, rejected, weight = 1 }) => ({ id, prompt, chosen, rejected, weight }));
}

/** Every field of each line kept (a training set carries each admitted pair's provenance). */

export function readLabeledPairs(file: string): LabeledPair[] {
  return readSerFile(file, 'labeled-pair');
}

export function readAdmittedPairs(file: string): AdmittedPair[] {
  return readSerFile(file, 'admitted-pair');
}

export function readPoolPairs(file: string): PoolPair[] {
  return readSerFile<PoolPair>(file, 'pool-pair').map(({ id, prompt, a, b }) => ({ id, prompt, a, b }));
}

export function readPairScores(file: string): PairScore[] {
  return readSerFile(file, 'pair-score');
}

/** `pool-labels.jsonl`: id → which side a human preferred. */
export function readPoolLabels(file: string): Map<string, 'a' | 'b'> {
  return new Map(readSerFile<PoolLabel>(file, 'pool-label').map((l) => [l.id, l.label]));
}
