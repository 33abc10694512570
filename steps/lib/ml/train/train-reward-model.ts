import * as tf from '@tensorflow/tfjs-core';
import type { TrainPair } from '../../data/read-ser-files.js';
import { computePairLoss, type PairLossName } from '../losses/pair-loss.js';
import { padSequences } from '../models/encode-texts.js';
import { makeRandomFromSeed, makeRng, shuffleIndices } from '../../random/seeded-random.js';
import { encodeResponses, scoreBatch, type RewardModel } from '../models/reward-model.js';
import { applyAdamW, createAdamWState, type AdamWState } from '../optim/adamw.js';
import { getLearningRate } from '../optim/lr-schedule.js';

export interface TrainOptions {
  loss: PairLossName;
  margin: number;
  centerCoef: number;
  epochs: number;
  batchSize: number;
  lr: number;
  weightDecay: number;
  warmupRatio: number;
  /** Seeds the per-epoch shuffles. */
  seed: number;
  /** Share of tokens hidden from each training text, drawn anew every step (0: none). */
  tokenDropout?: number;
}

/** Where training stands: the next batch to run, and the optimizer state. Enough to resume exactly. */
export interface TrainPosition {
  epoch: number;
  batch: number;
  optimizer: AdamWState;
  /** Mean loss and accuracy of the epochs finished so far. */
  history: { loss: number; accuracy: number; lr: number }[];
}

export interface TrainResult {
  model: RewardModel;
  /** Mean training loss of the last finished epoch (NaN when none finished). */
  finalLoss: number;
  pairsPerSecond: number;
  /** True when `signal` stopped training early; `position` then says where to resume. */
  stopped: boolean;
  position: TrainPosition;
}

export interface TrainCallbacks {
  onBatch?(info: { step: number; totalSteps: number; epoch: number; loss: number }): void;
  onEpoch?(info: { epoch: number; loss: number; accuracy: number; lr: number; position: TrainPosition }): void | Promise<void>;
}

/** Shuffle order of an epoch: a function of the seed and the epoch only, so a resumed run sees the same order. */
function getEpochOrder(count: number, seed: number, epoch: number): number[] {
  return shuffleIndices(count, makeRng((seed * 1000003 + epoch * 7919) >>> 0));
}

/**
 * Trains a reward model in place on labeled pairs with AdamW and a linear schedule. Stops at the next
 * batch boundary when `signal` aborts, returning the position to pass back as `resume`.
 */
export async function trainRewardModel(options: {
  model: RewardModel;
  pairs: TrainPair[];
  train: TrainOptions;
  signal?: AbortSignal;
  resume?: TrainPosition;
} & TrainCallbacks): Promise<TrainResult> {
  const { model, pairs, train, signal, resume, onBatch, onEpoch } = options;
  if (pairs.length === 0) throw new Error('no training pairs: the train file is empty');
  const chosen = encodeResponses(model, pairs.map((p) => p.prompt), pairs.map((p) => p.chosen));
  const rejected = encodeResponses(model, pairs.map((p) => p.prompt), pairs.map((p) => p.rejected));
  const batchesPerEpoch = Math.ceil(pairs.length / train.batchSize);
  const totalSteps = batchesPerEpoch * train.epochs;
  const position: TrainPosition = resume ?? { epoch: 0, batch: 0, optimizer: createAdamWState(model.params), history: [] };
  const variables = [...model.params.values()];
  const started = performance.now();
  let trainedPairs = 0;
  let stopped = false;
  for (; position.epoch < train.epochs; position.epoch++, position.batch = 0) {
    const order = getEpochOrder(pairs.length, train.seed, position.epoch);
    let lossSum = 0;
    let correct = 0;
    let seen = 0;
    let lr = train.lr;
    for (; position.batch < batchesPerEpoch; position.batch++) {
      // Let the event loop run (SIGTERM handlers, timers): tensor reads resolve as microtasks and never yield.
      await new Promise((resolve) => setImmediate(resolve));
      if (signal?.aborted) {
        stopped = true;
        break;
      }
      const index = order.slice(position.batch * train.batchSize, (position.batch + 1) * train.batchSize);
      const step = position.epoch * batchesPerEpoch + position.batch;
      lr = getLearningRate({ step, totalSteps, baseLr: train.lr, warmupRatio: train.warmupRatio });
      const batch = padSequences([...index.map((i) => chosen[i]), ...index.map((i) => rejected[i])]);
      if (train.tokenDropout) dropTokens(batch, train.tokenDropout, makeRandomFromSeed((train.seed * 7919 + step * 104729) >>> 0));
      let diff: tf.Tensor | undefined;
      const { value, grads } = tf.variableGrads(() => {
        const rewards = scoreBatch(model, batch);
        const [rc, rr] = tf.split(rewards, 2) as [tf.Tensor1D, tf.Tensor1D];
        diff = tf.keep(tf.sub(rc, rr));
        const weights = index.some((i) => pairs[i].weight !== 1) ? tf.tensor1d(index.map((i) => pairs[i].weight)) : undefined;
        return computePairLoss({ chosen: rc, rejected: rr, weights, loss: train.loss, margin: train.margin, centerCoef: train.centerCoef });
      }, variables);
      applyAdamW({ params: model.params, grads, state: position.optimizer, lr, weightDecay: train.weightDecay });
      const loss = (await value.data())[0];
      const diffs = (await diff!.data()) as Float32Array;
      tf.dispose([value, diff!, ...Object.values(grads)]);
      if (!Number.isFinite(loss)) throw new Error(`training diverged: loss is ${loss} at epoch ${position.epoch + 1}, batch ${position.batch + 1}; lower lr (now ${train.lr})`);
      lossSum += loss * index.length;
      correct += diffs.reduce((n, d) => n + (d > 0 ? 1 : 0), 0);
      seen += index.length;
      trainedPairs += index.length;
      onBatch?.({ step: step + 1, totalSteps, epoch: position.epoch + 1, loss });
    }
    if (!stopped) {
      const summary = { loss: lossSum / Math.max(seen, 1), accuracy: correct / Math.max(seen, 1), lr };
      position.history.push(summary);
      await onEpoch?.({ epoch: position.epoch + 1, ...summary, position: { ...position, epoch: position.epoch + 1, batch: 0 } });
    }
    if (stopped) break;
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    model,
    finalLoss: position.history.at(-1)?.loss ?? Number.NaN,
    pairsPerSecond: seconds > 0 ? trainedPairs / seconds : 0,
    stopped,
    position,
  };
}

/**
 * Hides each token with probability `rate` (mask 0), keeping at least one per non-empty row, so the RM must
 * learn from all of an answer's words rather than the few it already weighs (a noisy student).
 */
function dropTokens(batch: { mask: Float32Array; rows: number; length: number }, rate: number, random: () => number): void {
  for (let r = 0; r < batch.rows; r++) {
    const first = r * batch.length;
    let tokens = 0;
    let kept = 0;
    for (let t = first; t < first + batch.length; t++) {
      if (batch.mask[t] === 0) continue;
      tokens += 1;
      if (random() < rate) batch.mask[t] = 0;
      else kept += 1;
    }
    if (tokens > 0 && kept === 0) batch.mask[first] = 1;
  }
}
