import { join } from 'node:path';
import { parseTokenizer, type WordTokenizer } from '../tokenizer/index.js';
import { loadPolicy, type PolicyFolder } from './policy-store.js';
import type { TextCodec } from './policy-text.js';
import { makeWordCodec } from './word-codec.js';

/** A saved policy with its shared word tokenizer rebuilt, ready to generate text. */
export function loadPolicyWithCodec(dir: string): PolicyFolder & { wordTokenizer: WordTokenizer; codec: TextCodec } {
  const folder = loadPolicy(dir);
  const wordTokenizer = parseTokenizer(folder.tokenizer, `${join(dir, 'config.json')} (tokenizer)`);
  if (wordTokenizer.words.length !== folder.config.tokenizerVocab) {
    throw new Error(`${join(dir, 'config.json')}: tokenizer has ${wordTokenizer.words.length} words but config.tokenizerVocab is ${folder.config.tokenizerVocab}; the folder is inconsistent, retrain it`);
  }
  return { ...folder, wordTokenizer, codec: makeWordCodec(wordTokenizer) };
}
