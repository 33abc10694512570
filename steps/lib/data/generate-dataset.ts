import { scoreGold, type GoldReward } from './gold-reward.js';
import { makeRandomFromParts, type Random } from '../random/seeded-random.js';
import type { RawPair } from './records.js';

export interface GenerateOptions {
  pairs: number;
  seed: number;
  /** Probability that the human label contradicts the gold preference. */
  labelNoise?: number;
  vocabSize?: number;
  /** Fraction of words with a positive weight; the same fraction is negative, the rest weigh 0. */
  signalFraction?: number;
  /** Zipf exponent of word frequency inside each word group: higher means more rare words, which few labels cannot teach. */
  zipf?: number;
  /** Share of an answer's words that carry weight; the rest are neutral filler. */
  signalRate?: number;
  minWords?: number;
  maxWords?: number;
}

export interface GeneratedDataset {
  pairs: RawPair[];
  gold: GoldReward;
}

const CONSONANTS = 'bdfgklmnprstvz';
const VOWELS = 'aeiou';

/**
 * A preference task with a known gold reward: words carry hidden weights (most weigh 0) and the gold reward of
 * a text is the sum of its word weights. Each answer has a latent quality q ~ N(0, 1): a weighted word is
 * positive with probability σ(2q), so good words co-occur with good words (what lets confident pseudo-labels
 * teach an RM words the labeled seed never showed it). Word frequency is Zipf-like inside each group, so many
 * weighted words are rare; length varies independently of quality (a distractor). The human label is the gold
 * preference flipped with probability labelNoise (a gold tie is a coin flip).
 */
export function generateDataset(options: GenerateOptions): GeneratedDataset {
  const { pairs: count, seed, labelNoise = 0.1, vocabSize = 1000, signalFraction = 0.2, zipf = 1.3, signalRate = 0.3, minWords = 6, maxWords = 24 } = options;
  const random = makeRandomFromParts(seed, 'generated-dataset');
  const vocab = makeVocabulary(vocabSize, random);
  const weights: Record<string, number> = {};
  for (const word of vocab) {
    const u = random.next();
    if (u < signalFraction) weights[word] = round(0.5 + random.next());
    else if (u < 2 * signalFraction) weights[word] = round(-0.5 - random.next());
  }
  const groups = {
    positive: vocab.filter((w) => weights[w] > 0),
    negative: vocab.filter((w) => weights[w] < 0),
    neutral: vocab.filter((w) => !(w in weights)),
  };
  const tables = { positive: makeZipfTable(groups.positive.length, zipf), negative: makeZipfTable(groups.negative.length, zipf), neutral: makeZipfTable(groups.neutral.length, zipf) };
  const drawFrom = (group: keyof typeof groups) => groups[group][sampleIndex(tables[group], random.next())];
  const drawWords = (n: number) => Array.from({ length: n }, () => drawFrom('neutral')).join(' ');
  const drawAnswer = () => {
    const goodness = 1 / (1 + Math.exp(-2 * drawNormal(random)));
    const words = Array.from({ length: drawLength() }, () =>
      random.next() >= signalRate ? drawFrom('neutral') : drawFrom(random.next() < goodness ? 'positive' : 'negative'),
    );
    return words.join(' ');
  };
  const drawLength = () => minWords + random.int(maxWords - minWords + 1);
  const gold: GoldReward = {
    kind: 'bag-of-words',
    version: 1,
    tokenizer: 'lowercase-letters',
    weights,
    generator: { seed, label_noise: labelNoise, vocab_size: vocabSize, signal_fraction: signalFraction, signal_rate: signalRate, zipf, min_words: minWords, max_words: maxWords },
  };
  const pairs: RawPair[] = [];
  while (pairs.length < count) {
    const prompt = `${drawWords(4 + random.int(6))}?`;
    const [x, y] = [drawAnswer(), drawAnswer()];
    if (x === y) continue;
    const margin = scoreGold(gold, x) - scoreGold(gold, y);
    const xWins = margin === 0 ? random.next() < 0.5 : margin > 0;
    const labelXWins = random.next() < labelNoise ? !xWins : xWins;
    const [chosen, rejected] = labelXWins ? [x, y] : [y, x];
    pairs.push({ prompt, chosen, rejected, gold_margin: round(labelXWins ? margin : -margin) });
  }
  return { pairs, gold };
}

/** Box–Muller. */
function drawNormal(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
}

function makeVocabulary(size: number, random: Random): string[] {
  const words = new Set<string>();
  while (words.size < size) {
    let word = '';
    const syllables = 2 + random.int(2);
    for (let s = 0; s < syllables; s++) word += CONSONANTS[random.int(CONSONANTS.length)] + VOWELS[random.int(VOWELS.length)];
    words.add(word);
  }
  return [...words];
}

function makeZipfTable(n: number, exponent: number): Float64Array {
  const table = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) table[i] = total += 1 / Math.pow(i + 1, exponent);
  for (let i = 0; i < n; i++) table[i] /= total;
  return table;
}

function sampleIndex(cumulative: Float64Array, u: number): number {
  let [lo, hi] = [0, cumulative.length - 1];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
