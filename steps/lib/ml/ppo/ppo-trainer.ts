import type { AdamState } from '../policy/adam.js';
import type { PolicyConfig } from '../policy/policy-config.js';
import type { PolicyParams } from '../policy/policy-params.js';
import { updateKlController, type KlControllerState } from './adaptive-kl.js';
import type { KlEstimator } from './kl-penalty.js';
import { makeLengthSampler } from './length-sampler.js';
import { runPpoUpdate } from './ppo-update.js';
import { makeRng, shuffleIndices, type Rng } from '../../random/seeded-random.js';
import { collectRollout } from './rollout.js';
import type { SamplingOptions } from './sampling.js';

/** Everything that changes during PPO: a checkpoint stores exactly this. */
export interface PpoState {
  step: number;
  params: PolicyParams;
  adam: AdamState;
  kl: KlControllerState;
  rngState: number;
}

export interface PpoSettings {
  batchSize: number;
  miniBatchSize: number;
  ppoEpochs: number;
  learningRate: number;
  maxGradNorm: number;
  /** LengthSampler(min, max): response lengths uniform in [min, max). */
  lengthMin: number;
  lengthMax: number;
  sampling: SamplingOptions;
  klEstimator: KlEstimator;
  gamma: number;
  lam: number;
  cliprange: number;
  cliprangeValue: number;
  vfCoef: number;
  /** Seeds the prompt order (a fresh shuffle per pass over the prompts). */
  seed: number;
}

export type PpoMetrics = Record<string, number>;

export interface RunPpoOptions {
  state: PpoState;
  reference: PolicyParams;
  config: PolicyConfig;
  /** Encoded queries, one per prompt. */
  queries: number[][];
  totalSteps: number;
  settings: PpoSettings;
  score: (queries: number[][], responses: number[][]) => Promise<number[]>;
  signal?: AbortSignal;
  /** Called after every step with its metrics (TRL names); may save a checkpoint. */
  onStep?: (step: number, metrics: PpoMetrics, state: PpoState) => Promise<void>;
}

/** The prompt indices of one step: pass e over the prompts uses its own seeded shuffle, so a resumed run picks the same prompts. */
export function getBatchIndices({ step, batchSize, count, seed }: { step: number; batchSize: number; count: number; seed: number }): number[] {
  const out: number[] = [];
  const orders = new Map<number, number[]>();
  for (let j = 0; j < batchSize; j++) {
    const g = step * batchSize + j;
    const pass = Math.floor(g / count);
    if (!orders.has(pass)) orders.set(pass, shuffleIndices(count, makeRng((seed ^ Math.imul(pass + 1, 0x9e3779b1)) >>> 0)));
    out.push(orders.get(pass)![g % count]!);
  }
  return out;
}

/** Runs PPO steps from `state.step` to `totalSteps` (or until `signal` aborts after a completed step). */
export async function runPpo(options: RunPpoOptions): Promise<PpoState> {
  const { state, reference, config, queries, totalSteps, settings, score, signal, onStep } = options;
  if (queries.length === 0) throw new Error('ppo: no prompts to train on; check the ppo_prompts file');
  while (state.step < totalSteps && !signal?.aborted) {
    const rng: Rng = makeRng(state.rngState);
    const sampleLength = makeLengthSampler({ min: settings.lengthMin, max: settings.lengthMax, rng });
    const idx = getBatchIndices({ step: state.step, batchSize: settings.batchSize, count: queries.length, seed: settings.seed });
    const batchQueries = idx.map((i) => queries[i]!);
    const beta = state.kl.value;
    const rollout = await collectRollout({
      policy: state.params,
      reference,
      config,
      queries: batchQueries,
      lengths: batchQueries.map(() => sampleLength()),
      sampling: settings.sampling,
      rng,
      score,
      beta,
      klEstimator: settings.klEstimator,
      gamma: settings.gamma,
      lam: settings.lam,
    });
    const update = runPpoUpdate({
      params: state.params,
      config,
      adam: state.adam,
      adamOptions: { learningRate: settings.learningRate, maxGradNorm: settings.maxGradNorm },
      rollout,
      rng,
      ppoEpochs: settings.ppoEpochs,
      miniBatchSize: settings.miniBatchSize,
      cliprange: settings.cliprange,
      cliprangeValue: settings.cliprangeValue,
      vfCoef: settings.vfCoef,
      temperature: settings.sampling.temperature ?? 1,
    });
    const n = rollout.rows.length;
    const meanKl = rollout.kl.reduce((sum, k) => sum + k.reduce((a, b) => a + b, 0), 0) / n;
    const meanScore = rollout.scores.reduce((a, b) => a + b, 0) / n;
    const metrics: PpoMetrics = {
      'objective/kl': meanKl,
      'objective/kl_coef': beta,
      'objective/scores': meanScore,
      'objective/non_score_reward': -beta * meanKl,
      'objective/rlhf_reward': meanScore - beta * meanKl,
      ...update,
      'val/mean_response_length': rollout.responses.reduce((a, r) => a + r.length, 0) / n,
    };
    state.kl = updateKlController(state.kl, meanKl, n);
    state.rngState = rng.getState();
    state.step += 1;
    await onStep?.(state.step, metrics, state);
  }
  return state;
}
