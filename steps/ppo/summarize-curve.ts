import type { PpoMetrics } from '../ml/ppo/ppo-trainer.js';

/** Means of a metric over the first and last `window` steps (a quarter of the run, at most 10): single PPO batches are noisy. */
export function summarizeCurve(history: readonly PpoMetrics[]) {
  const window = Math.max(1, Math.min(10, Math.floor(history.length / 4)));
  const mean = (rows: readonly PpoMetrics[], name: string) => (rows.length ? rows.reduce((a, m) => a + (m[name] ?? 0), 0) / rows.length : 0);
  return {
    first: (name: string) => mean(history.slice(0, window), name),
    last: (name: string) => mean(history.slice(-window), name),
  };
}
