/**
 * KL coefficient control for PPO against a frozen reference (Ziegler et al. 2019, arXiv 1909.08593),
 * the same update as legacy TRL's `AdaptiveKLController`: e = clip(KL/target − 1, ±0.2),
 * β ← β·(1 + e·n/horizon), where n is the number of samples seen since the last update.
 */
export interface KlControllerState {
  readonly kind: 'adaptive' | 'fixed';
  readonly value: number;
  readonly target: number;
  readonly horizon: number;
}

export function makeKlController({
  kind = 'adaptive',
  initCoef = 0.2,
  target = 0.1,
  horizon = 10000,
}: { kind?: 'adaptive' | 'fixed'; initCoef?: number; target?: number; horizon?: number } = {}): KlControllerState {
  return { kind, value: initCoef, target, horizon };
}

/** The next state after a batch of `nSteps` samples whose mean sequence KL was `currentKl`. */
export function updateKlController(state: KlControllerState, currentKl: number, nSteps: number): KlControllerState {
  if (state.kind === 'fixed') return state;
  const error = Math.min(0.2, Math.max(-0.2, currentKl / state.target - 1));
  const multiplier = 1 + (error * nSteps) / state.horizon;
  return { ...state, value: state.value * multiplier };
}
