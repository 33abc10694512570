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
}: {
  tokenizerVocab: number;
  context?: number;
  embedDim?: number;
  hiddenDim?: number;
}): PolicyConfig {
  for (const [name, value] of Object.entries({ tokenizerVocab, context, embedDim, hiddenDim })) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`policy config: ${name} must be a positive integer, got ${value}`);
  }
  return { kind: 'policy-lm', architecture: 'causal-mlp', tokenizerVocab, context, embedDim, hiddenDim };
}
