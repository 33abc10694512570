import * as tf from '@tensorflow/tfjs-core';
import { applyAdam, type AdamOptions, type AdamState } from '../policy/adam.js';
import type { PolicyConfig } from '../policy/policy-config.js';
import { computeHidden, computeTokenLogProbs, getTargetPositions } from '../policy/policy-forward.js';
import { computeParamGrads, disposeGrads } from '../policy/policy-grads.js';
import type { PolicyParams } from '../policy/policy-params.js';
import { computePpoLoss } from './losses.js';
import { shuffleIndices, type Rng } from '../../random/seeded-random.js';
import type { Rollout } from './rollout.js';

export interface PpoUpdateOptions {
  params: PolicyParams;
  config: PolicyConfig;
  adam: AdamState;
  adamOptions: AdamOptions;
  rollout: Rollout;
  rng: Rng;
  ppoEpochs?: number;
  miniBatchSize?: number;
  cliprange?: number;
  cliprangeValue?: number;
  vfCoef?: number;
  temperature?: number;
  /** Skip a minibatch whose mean ratio exceeds this (legacy TRL `ratio_threshold`). */
  ratioThreshold?: number;
}

/** Minibatch averages, under TRL's metric names. */
export interface PpoUpdateStats {
  'policy/approxkl_avg': number;
  'policy/clipfrac_avg': number;
  'val/ratio': number;
  'val/clipfrac_avg': number;
  'loss/policy_avg': number;
  'loss/value_avg': number;
  skipped_minibatches: number;
}

/** `ppoEpochs` passes over the rollout in shuffled minibatches, one Adam step each (legacy TRL `step`). */
export function runPpoUpdate(options: PpoUpdateOptions): PpoUpdateStats {
  const { params, config, adam, adamOptions, rollout, rng, ppoEpochs = 4, miniBatchSize = 1 } = options;
  const { cliprange = 0.2, cliprangeValue = 0.2, vfCoef = 0.1, temperature = 1, ratioThreshold = 10 } = options;
  const n = rollout.rows.length;
  const sums = { approxkl: 0, clipfrac: 0, ratio: 0, vclipfrac: 0, policy: 0, value: 0 };
  let count = 0;
  let skipped = 0;
  for (let epoch = 0; epoch < ppoEpochs; epoch++) {
    const order = shuffleIndices(n, rng);
    for (let m = 0; m < n; m += miniBatchSize) {
      const idx = order.slice(m, m + miniBatchSize);
      const rows = idx.map((i) => rollout.rows[i]!);
      const starts = idx.map((i) => rollout.starts[i]!);
      const flat = (field: 'logp' | 'values' | 'advantages' | 'returns') => tf.tensor1d(idx.flatMap((i) => rollout[field][i]!));
      const targets = getTargetPositions(rows, starts);
      let stats: tf.Scalar[] = [];
      const { grads } = computeParamGrads(params, (p) => {
        const hidden = computeHidden(p, config, rows);
        const { logp, values } = computeTokenLogProbs(p, config, hidden, targets, temperature);
        const out = computePpoLoss({
          logp,
          values,
          oldLogp: flat('logp'),
          oldValues: flat('values'),
          advantages: flat('advantages'),
          returns: flat('returns'),
          cliprange,
          cliprangeValue,
          vfCoef,
        });
        stats = [out.approxKl, out.clipfrac, out.ratioMean, out.valueClipfrac, out.policyLoss, out.valueLoss].map((t) => tf.keep(t));
        return out.loss;
      });
      const [approxkl, clipfrac, ratio, vclipfrac, policy, value] = stats.map((t) => t.dataSync()[0]!);
      stats.forEach((t) => t.dispose());
      if (ratio! > ratioThreshold) skipped++;
      else applyAdam(params, grads, adam, adamOptions);
      disposeGrads(grads);
      sums.approxkl += approxkl!;
      sums.clipfrac += clipfrac!;
      sums.ratio += ratio!;
      sums.vclipfrac += vclipfrac!;
      sums.policy += policy!;
      sums.value += value!;
      count++;
    }
  }
  return {
    'policy/approxkl_avg': sums.approxkl / count,
    'policy/clipfrac_avg': sums.clipfrac / count,
    'val/ratio': sums.ratio / count,
    'val/clipfrac_avg': sums.vclipfrac / count,
    'loss/policy_avg': sums.policy / count,
    'loss/value_avg': sums.value / count,
    skipped_minibatches: skipped,
  };
}
