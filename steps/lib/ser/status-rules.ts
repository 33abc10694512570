/** The learning-status thresholds of SER (paper Eqs. 2–3; their defaults are in ser-select's input schema). */
export interface Thresholds {
  tauHigh: number;
  tauLow: number;
  tauDelta: number;
}

/**
 * |p1 − p2| is compared with this slack, so a difference meant to sit exactly at τΔ (0.7 − 0.4 gives
 * 0.29999999999999993 in floating point) counts as reaching it.
 */
const DELTA_EPSILON = 1e-9;

/**
 * Status 1, "distinguish good and bad": one answer above τhigh and the other below τlow. Strict on both
 * sides, as in the official code (`s_j > 0.55 and s_k < 0.45`): a p exactly at a threshold does not qualify.
 */
export function isStatus1(pA: number, pB: number, { tauHigh, tauLow }: Thresholds): boolean {
  return (pA > tauHigh && pB < tauLow) || (pB > tauHigh && pA < tauLow);
}

/**
 * Status 2, "amplify difference": |pA − pB| ≥ τΔ, inclusive as in the paper's Eq. 3 (the code's `> 0.3` differs
 * only exactly at the threshold). Equal scores never qualify: they carry no preference to pseudo-label.
 */
export function isStatus2(pA: number, pB: number, { tauDelta }: Thresholds): boolean {
  return pA !== pB && Math.abs(pA - pB) >= tauDelta - DELTA_EPSILON;
}

/** Rejects thresholds that cannot mean what SER intends, naming the input to fix. */
export function validateThresholds({ tauHigh, tauLow, tauDelta }: Thresholds): void {
  for (const [name, value] of [['tau_high', tauHigh], ['tau_low', tauLow], ['tau_delta', tauDelta]] as const) {
    if (!(value >= 0 && value <= 1)) throw new RangeError(`${name} must be a probability in [0, 1], got ${value}`);
  }
  if (tauLow > tauHigh) throw new RangeError(`tau_low (${tauLow}) must not exceed tau_high (${tauHigh})`);
}
