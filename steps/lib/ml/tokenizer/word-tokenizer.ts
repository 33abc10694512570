/**
 * A word-level tokenizer whose vocabulary is built from training text, shared by the reward models
 * and the policy LM (so it must decode). Text is lower-cased and split into words (letters/digits,
 * with an optional 'suffix) and single punctuation marks; whitespace is not kept.
 */
export const specialTokens = ['[PAD]', '[UNK]', '[BOS]', '[EOS]'] as const;
export const padId = 0;
export const unkId = 1;
export const bosId = 2;
export const eosId = 3;

export interface WordTokenizer {
  kind: 'word';
  /** words[id]; ids 0–3 are the special tokens. */
  words: string[];
  index: Map<string, number>;
}

/** What `vocab.json` holds. */
export interface WordTokenizerJson {
  kind: 'word';
  version: 1;
  words: string[];
}

const wordPattern = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?|[^\s\p{L}\p{N}]/gu;

/** Splits text into the tokenizer's word units (lower-cased). */
export function splitWords(text: string): string[] {
  return text.toLowerCase().match(wordPattern) ?? [];
}

function makeTokenizer(words: string[]): WordTokenizer {
  return { kind: 'word', words, index: new Map(words.map((w, i) => [w, i])) };
}

/** Keeps the `vocabSize − 4` most frequent words (ties in code-point order, so it is deterministic). */
export function buildWordTokenizer(options: { texts: Iterable<string>; vocabSize: number }): WordTokenizer {
  const { texts, vocabSize } = options;
  if (!Number.isInteger(vocabSize) || vocabSize <= specialTokens.length) {
    throw new Error(`vocab_size must be an integer above ${specialTokens.length}, got ${vocabSize}`);
  }
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const word of splitWords(text)) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const kept = ranked.slice(0, vocabSize - specialTokens.length).map(([word]) => word);
  return makeTokenizer([...specialTokens, ...kept]);
}

/** Token ids of a text (unknown words → [UNK]); no BOS/EOS added. */
export function encodeText(tokenizer: WordTokenizer, text: string): number[] {
  return splitWords(text).map((word) => tokenizer.index.get(word) ?? unkId);
}

const noSpaceBefore = new Set(['.', ',', '!', '?', ';', ':', ')', ']', '}', '%', "'", '’']);
const noSpaceAfter = new Set(['(', '[', '{', '$', '#']);

/** Text of token ids: PAD/BOS/EOS are dropped, UNK shows as `<unk>`, punctuation hugs its word. */
export function decodeIds(tokenizer: WordTokenizer, ids: ArrayLike<number>): string {
  let text = '';
  let previous = '';
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (id === padId || id === bosId || id === eosId) continue;
    const word = id === unkId ? '<unk>' : tokenizer.words[id];
    if (word === undefined) throw new Error(`token id ${id} is outside the vocabulary (size ${tokenizer.words.length})`);
    const glue = text === '' || noSpaceBefore.has(word) || noSpaceAfter.has(previous) ? '' : ' ';
    text += glue + word;
    previous = word;
  }
  return text;
}

export function serializeTokenizer(tokenizer: WordTokenizer): WordTokenizerJson {
  return { kind: 'word', version: 1, words: tokenizer.words };
}

/** Rebuilds a tokenizer from `vocab.json` content; `where` names the file for error messages. */
export function parseTokenizer(json: unknown, where: string): WordTokenizer {
  const data = json as Partial<WordTokenizerJson> | null;
  if (!data || data.kind !== 'word' || data.version !== 1 || !Array.isArray(data.words)) {
    throw new Error(`${where}: not a word tokenizer vocabulary (expected {kind: "word", version: 1, words: [...]})`);
  }
  specialTokens.forEach((token, i) => {
    if (data.words![i] !== token) throw new Error(`${where}: word ${i} must be ${token}, found ${JSON.stringify(data.words![i])}`);
  });
  return makeTokenizer(data.words);
}
