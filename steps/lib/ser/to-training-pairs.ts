import type { AdmittedPair, LabeledPair } from '../data/records.js';
import { sigmoid } from './center-scores.js';

/**
 * How an admitted pair enters the training set. `hard` (default, the official code): chosen ≻ rejected with the
 * pair's weight. `soft`: the BT target is the RM's own t = σ(logit p_chosen − logit p_rejected) instead of 1.
 * `smoothing` ε caps the target at 1 − ε (label smoothing). A target t < 1 is written as two weighted rows,
 * chosen ≻ rejected with weight w·t and the reverse with w·(1 − t) (id suffixed `~reversed`): their weighted BT
 * losses sum to the BT cross-entropy against t, so the trainer needs no soft-label support.
 */
export type PseudoTargets = 'hard' | 'soft';

export interface TargetOptions {
  targets?: PseudoTargets;
  smoothing?: number;
}

export const REVERSED_SUFFIX = '~reversed';

export function getPseudoTarget(pair: Pick<AdmittedPair, 'p_chosen' | 'p_rejected'>, { targets = 'hard', smoothing = 0 }: TargetOptions): number {
  if (!(smoothing >= 0 && smoothing < 0.5)) throw new RangeError(`label smoothing must be in [0, 0.5), got ${smoothing}`);
  const soft = targets === 'soft' ? sigmoid(logit(pair.p_chosen) - logit(pair.p_rejected)) : 1;
  return Math.min(soft, 1 - smoothing);
}

export function toTrainingPairs(admitted: readonly AdmittedPair[], options: TargetOptions = {}): LabeledPair[] {
  return admitted.flatMap((a): LabeledPair[] => {
    const weight = a.weight ?? 1;
    const t = getPseudoTarget(a, options);
    const forward: LabeledPair = { id: a.id, prompt: a.prompt, chosen: a.chosen, rejected: a.rejected, weight: weight * t, source: 'self' };
    if (t >= 1) return [forward];
    return [forward, { id: `${a.id}${REVERSED_SUFFIX}`, prompt: a.prompt, chosen: a.rejected, rejected: a.chosen, weight: weight * (1 - t), source: 'self' }];
  });
}

function logit(p: number): number {
  const q = Math.min(Math.max(p, 1e-6), 1 - 1e-6);
  return Math.log(q / (1 - q));
}
