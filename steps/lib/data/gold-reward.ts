/** The generated dataset's true reward (gold.json): a hidden weight per word, summed over a text's words. */
export interface GoldReward {
  kind: 'bag-of-words';
  version: 1;
  /** How texts are split: lower-cased runs of letters a–z. */
  tokenizer: 'lowercase-letters';
  /** Words not listed weigh 0. */
  weights: Record<string, number>;
  /** What made it, for provenance. */
  generator: Record<string, number | string>;
}

export function tokenizeWords(text: string): string[] {
  return text.toLowerCase().match(/[a-z]+/g) ?? [];
}

/** r*(text) = Σ weight(word) over the words of text; any text can be scored, including a policy's samples. */
export function scoreGold(gold: GoldReward, text: string): number {
  let sum = 0;
  for (const word of tokenizeWords(text)) sum += gold.weights[word] ?? 0;
  return sum;
}

/** Parses gold.json text, failing clearly when it is not a generated dataset's gold reward. */
export function parseGoldReward(text: string, file: string): GoldReward {
  const data = JSON.parse(text) as Partial<GoldReward>;
  if (data.kind !== 'bag-of-words' || typeof data.weights !== 'object' || data.weights === null) {
    throw new Error(`${file}: not a gold reward (expected kind "bag-of-words" with "weights"); gold.json comes from prepare-data with source: generated`);
  }
  return data as GoldReward;
}
