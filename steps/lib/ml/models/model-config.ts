/** The word-level reward models (the torch implementation has the same three, and hf). */
export const rewardModelArchitectures = ['bag', 'linear', 'transformer'] as const;
export type RewardModelArchitecture = (typeof rewardModelArchitectures)[number];

/** Architecture of a reward model; saved in `model/config.json` (snake_case there, for other implementations). */
export interface RewardModelConfig {
  architecture: RewardModelArchitecture;
  /** Tokenizer vocabulary size (words incl. specials). */
  vocabSize: number;
  /** Hashed bigram features appended to the bag (0 = none). Ignored by the transformer. */
  bigramBuckets: number;
  dim: number;
  hidden: number;
  /** Tokens kept per text (the end is kept, so a long prompt can't push the response out). */
  maxLen: number;
  layers: number;
  heads: number;
  seed: number;
}

export const defaultModelConfig: Omit<RewardModelConfig, 'vocabSize' | 'seed'> = {
  architecture: 'bag',
  bigramBuckets: 0,
  dim: 128,
  hidden: 128,
  maxLen: 128,
  layers: 2,
  heads: 4,
};

/** Checks an architecture config once, at the boundary; messages name the option and the fix. */
export function validateModelConfig(config: RewardModelConfig): RewardModelConfig {
  const positive = ['vocabSize', 'dim', 'hidden', 'maxLen', 'layers', 'heads'] as const;
  for (const key of positive) {
    if (!Number.isInteger(config[key]) || config[key] < 1) throw new Error(`model option ${key} must be a positive integer, got ${config[key]}`);
  }
  if (!Number.isInteger(config.bigramBuckets) || config.bigramBuckets < 0) {
    throw new Error(`model option bigramBuckets must be a non-negative integer, got ${config.bigramBuckets}`);
  }
  if (!rewardModelArchitectures.includes(config.architecture)) {
    throw new Error(`model must be one of ${rewardModelArchitectures.join(', ')}, got '${config.architecture}'`);
  }
  if (config.architecture === 'transformer' && config.dim % config.heads !== 0) {
    throw new Error(`transformer dim (${config.dim}) must be divisible by heads (${config.heads})`);
  }
  return config;
}
