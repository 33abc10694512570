import type { PpoMetrics } from '../../lib/ml/ppo/ppo-trainer.js';

/** Means of a metric over the first and last quarter of the steps: single PPO batches (8 prompts) are too noisy to compare. */
export function summarizeCurve(history: readonly PpoMetrics[]) {
  const window = Math.max(1, Math.floor(history.length / 4));
  const mean = (rows: readonly PpoMetrics[], name: string) => (rows.length ? rows.reduce((a, m) => a + (m[name] ?? 0), 0) / rows.length : 0);
  return {
    first: (name: string) => mean(history.slice(0, window), name),
    last: (name: string) => mean(history.slice(-window), name),
  };
}
