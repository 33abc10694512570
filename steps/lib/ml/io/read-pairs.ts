import { getIdField, getStringField, readJsonl } from './read-jsonl.js';

/** A labeled pair as train-rm / evaluate-rm read it (docs/ser-files.md: train/dev/test/admitted files). */
export interface TrainPair {
  id: string;
  prompt: string;
  chosen: string;
  rejected: string;
  /** Multiplies the pair's loss; default 1. */
  weight: number;
}

/** An unlabeled pool pair (`pool.jsonl`). */
export interface PoolPair {
  id: string;
  prompt: string;
  a: string;
  b: string;
}

export function readTrainPairs(file: string): TrainPair[] {
  return readJsonl(file).map((record) => {
    const weight = record.value.weight ?? 1;
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) {
      throw new Error(`${record.where}: field 'weight' must be a non-negative number, found ${JSON.stringify(weight)}`);
    }
    return {
      id: getIdField(record),
      prompt: getStringField(record, 'prompt'),
      chosen: getStringField(record, 'chosen'),
      rejected: getStringField(record, 'rejected'),
      weight,
    };
  });
}

export function readPoolPairs(file: string): PoolPair[] {
  return readJsonl(file).map((record) => ({
    id: getIdField(record),
    prompt: getStringField(record, 'prompt'),
    a: getStringField(record, 'a'),
    b: getStringField(record, 'b'),
  }));
}

/** `pool-labels.jsonl`: id → which side a human preferred. */
export function readPoolLabels(file: string): Map<string, 'a' | 'b'> {
  const labels = new Map<string, 'a' | 'b'>();
  for (const record of readJsonl(file)) {
    const label = record.value.label;
    if (label !== 'a' && label !== 'b') throw new Error(`${record.where}: field 'label' must be "a" or "b", found ${JSON.stringify(label)}`);
    labels.set(getIdField(record), label);
  }
  return labels;
}
