import { makeRng, shuffleIndices } from '../../random/seeded-random.js';
import { applyAdam, type AdamState } from './adam.js';
import type { PolicyConfig } from './policy-config.js';
import { computeParamGrads, disposeGrads } from './policy-grads.js';
import { lmParamNames, type PolicyParams } from './policy-params.js';
import { computeSftLoss, getSftTargets } from './sft-loss.js';

export interface SftExample {
  row: number[];
  /** Index of the first response token in `row`. */
  start: number;
}

/** Where SFT stands: with params and Adam state, everything a checkpoint needs to continue exactly. */
export interface SftProgress {
  /** The epoch under way, and the next batch of it. */
  epoch: number;
  batch: number;
  /** The RNG state before this epoch's shuffle, so a resumed epoch visits the same order. */
  epochRngState: number;
  /** This epoch's token-weighted loss sum and token count so far. */
  weighted: number;
  tokens: number;
  epochLosses: number[];
}

export function makeSftProgress(seed: number): SftProgress {
  return { epoch: 0, batch: 0, epochRngState: seed >>> 0, weighted: 0, tokens: 0, epochLosses: [] };
}

export interface TrainSftOptions {
  params: PolicyParams;
  adam: AdamState;
  /** Updated in place after every batch; start from makeSftProgress(seed) or a checkpoint's. */
  progress: SftProgress;
  config: PolicyConfig;
  examples: readonly SftExample[];
  epochs: number;
  batchSize: number;
  learningRate: number;
  signal?: AbortSignal;
  onBatch?: (info: { epoch: number; batch: number; batches: number; loss: number }) => void;
  /** Called after each finished epoch (e.g. to checkpoint). */
  onEpoch?: (progress: SftProgress) => Promise<void>;
}

/**
 * Mean response-token NLL per epoch (`progress.epochLosses`). Yields to the event loop after every
 * batch so SIGTERM can abort `signal`; then it returns after the batch in hand, `progress` pointing at the next.
 */
export async function trainSft(options: TrainSftOptions): Promise<number[]> {
  const { params, adam, progress, config, examples, epochs, batchSize, learningRate, signal, onBatch, onEpoch } = options;
  const batches = Math.ceil(examples.length / batchSize);
  while (progress.epoch < epochs && !signal?.aborted) {
    const rng = makeRng(progress.epochRngState);
    const order = shuffleIndices(examples.length, rng);
    while (progress.batch < batches && !signal?.aborted) {
      const b = progress.batch;
      const batch = order.slice(b * batchSize, (b + 1) * batchSize).map((i) => examples[i]!);
      const rows = batch.map((e) => e.row);
      const starts = batch.map((e) => e.start);
      const { value, grads } = computeParamGrads(params, (p) => computeSftLoss(p, config, rows, starts), lmParamNames);
      applyAdam(params, grads, adam, { learningRate, maxGradNorm: 1 });
      disposeGrads(grads);
      const n = getSftTargets(config, rows, starts).targets.length;
      progress.weighted += value * n;
      progress.tokens += n;
      progress.batch += 1;
      onBatch?.({ epoch: progress.epoch, batch: b, batches, loss: value });
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (progress.batch < batches) break;
    if (progress.tokens > 0) progress.epochLosses.push(progress.weighted / progress.tokens);
    Object.assign(progress, { epoch: progress.epoch + 1, batch: 0, epochRngState: rng.getState(), weighted: 0, tokens: 0 });
    await onEpoch?.(progress);
  }
  return progress.epochLosses;
}
