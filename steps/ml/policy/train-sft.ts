import { makeRng, shuffleIndices } from '../ppo/rng.js';
import { applyAdam, makeAdamState, disposeAdamState } from './adam.js';
import type { PolicyConfig } from './policy-config.js';
import { computeParamGrads, disposeGrads } from './policy-grads.js';
import { lmParamNames, type PolicyParams } from './policy-params.js';
import { computeSftLoss, getSftTargets } from './sft-loss.js';

export interface SftExample {
  row: number[];
  /** Index of the first response token in `row`. */
  start: number;
}

export interface TrainSftOptions {
  params: PolicyParams;
  config: PolicyConfig;
  examples: readonly SftExample[];
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  signal?: AbortSignal;
  onBatch?: (info: { epoch: number; batch: number; batches: number; loss: number }) => void;
}

/** Mean response-token NLL per epoch; stops early (returning what it has) when `signal` aborts. */
export function trainSft(options: TrainSftOptions): number[] {
  const { params, config, examples, epochs, batchSize, learningRate, seed, signal, onBatch } = options;
  const rng = makeRng(seed);
  const adam = makeAdamState(params);
  const epochLosses: number[] = [];
  const batches = Math.ceil(examples.length / batchSize);
  try {
    for (let epoch = 0; epoch < epochs && !signal?.aborted; epoch++) {
      const order = shuffleIndices(examples.length, rng);
      let weighted = 0;
      let tokens = 0;
      for (let b = 0; b < batches && !signal?.aborted; b++) {
        const batch = order.slice(b * batchSize, (b + 1) * batchSize).map((i) => examples[i]!);
        const rows = batch.map((e) => e.row);
        const starts = batch.map((e) => e.start);
        const { value, grads } = computeParamGrads(params, (p) => computeSftLoss(p, config, rows, starts), lmParamNames);
        applyAdam(params, grads, adam, { learningRate, maxGradNorm: 1 });
        disposeGrads(grads);
        const n = getSftTargets(config, rows, starts).targets.length;
        weighted += value * n;
        tokens += n;
        onBatch?.({ epoch, batch: b, batches, loss: value });
      }
      if (tokens > 0) epochLosses.push(weighted / tokens);
    }
  } finally {
    disposeAdamState(adam);
  }
  return epochLosses;
}
