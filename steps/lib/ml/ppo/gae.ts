/**
 * Generalised advantage estimation over one response (Schulman et al. 2016), as legacy TRL's
 * `compute_advantages`: δ_t = r_t + γ·V_{t+1} − V_t (V_T = 0 after the last token),
 * A_t = δ_t + γλ·A_{t+1}, returns R_t = A_t + V_t. Whitening is a separate step (whiten.ts).
 */
export interface GaeResult {
  advantages: number[];
  returns: number[];
}

export function computeGae({
  rewards,
  values,
  gamma = 1,
  lam = 0.95,
}: {
  rewards: readonly number[];
  values: readonly number[];
  gamma?: number;
  lam?: number;
}): GaeResult {
  if (rewards.length !== values.length) {
    throw new Error(`computeGae: ${rewards.length} rewards but ${values.length} values; pass one value per response token`);
  }
  const T = rewards.length;
  const advantages = new Array<number>(T);
  let lastGaeLam = 0;
  for (let t = T - 1; t >= 0; t--) {
    const nextValue = t + 1 < T ? values[t + 1]! : 0;
    const delta = rewards[t]! + gamma * nextValue - values[t]!;
    lastGaeLam = delta + gamma * lam * lastGaeLam;
    advantages[t] = lastGaeLam;
  }
  return { advantages, returns: advantages.map((a, t) => a + values[t]!) };
}
