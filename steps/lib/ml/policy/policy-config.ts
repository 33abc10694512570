/**
 * The policy LM's architecture: a causal MLP over the last `context` tokens plus the running mean of
 * every earlier token's embedding (a bag of the prompt so far), with an LM head and a value head.
 * Every position is computed independently, so training runs all positions at once (no recurrence).
 *
 * Ids: 0…tokenizerVocab−1 are the shared tokenizer's; the policy appends three of its own —
 * BOS (start, also the padding before the first token), SEP (prompt/response boundary) and EOS.
 */
export interface PolicyConfig {
  kind: 'policy-lm';
  architecture: 'causal-mlp';
  tokenizerVocab: number;
  context: number;
  embedDim: number;
  hiddenDim: number;
  /** Ids the policy never emits (besides its own BOS and SEP), e.g. the tokenizer's PAD/BOS/EOS. */
  bannedIds: number[];
}

export interface SpecialIds {
  bos: number;
  sep: number;
  eos: number;
  /** Size of the policy's output layer: tokenizer ids plus the three specials. */
  vocab: number;
}

export function getSpecialIds(config: PolicyConfig): SpecialIds {
  const v = config.tokenizerVocab;
  return { bos: v, sep: v + 1, eos: v + 2, vocab: v + 3 };
}

export function makePolicyConfig({
  tokenizerVocab,
  context = 4,
  embedDim = 64,
  hiddenDim = 128,
  bannedIds = [],
}: {
  tokenizerVocab: number;
  context?: number;
  embedDim?: number;
  hiddenDim?: number;
  bannedIds?: number[];
}): PolicyConfig {
  for (const [name, value] of Object.entries({ tokenizerVocab, context, embedDim, hiddenDim })) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`policy config: ${name} must be a positive integer, got ${value}`);
  }
  const { vocab } = getSpecialIds({ tokenizerVocab } as PolicyConfig);
  for (const id of bannedIds) {
    if (!Number.isInteger(id) || id < 0 || id >= vocab) throw new Error(`policy config: banned id ${id} is outside 0…${vocab - 1}`);
  }
  return { kind: 'policy-lm', architecture: 'causal-mlp', tokenizerVocab, context, embedDim, hiddenDim, bannedIds };
}

/**
 * A bias of −1e9 on the ids the policy must never emit. Sampling and every log-probability use it, so
 * they agree on one distribution (otherwise PPO silently moves mass onto never-sampled ids).
 */
export function getLogitMask(config: PolicyConfig): Float32Array {
  const { vocab, bos, sep } = getSpecialIds(config);
  const mask = new Float32Array(vocab);
  for (const id of [bos, sep, ...config.bannedIds]) mask[id] = -1e9;
  return mask;
}
