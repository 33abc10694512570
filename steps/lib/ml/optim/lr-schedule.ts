/**
 * Linear warmup over the first ⌈warmupRatio · totalSteps⌉ steps, then linear decay to 0 at totalSteps
 * (the transformers "linear" schedule SER's official RM training uses). `step` is 0-based.
 */
export function getLearningRate(options: { step: number; totalSteps: number; baseLr: number; warmupRatio: number }): number {
  const { step, totalSteps, baseLr, warmupRatio } = options;
  const warmup = Math.ceil(warmupRatio * totalSteps);
  if (step < warmup) return (baseLr * (step + 1)) / warmup;
  const left = totalSteps - warmup;
  if (left <= 0) return baseLr;
  return baseLr * Math.max(0, (totalSteps - step) / left);
}
