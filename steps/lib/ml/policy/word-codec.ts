import { decodeIds, encodeText, type WordTokenizer } from '../tokenizer/index.js';
import type { TextCodec } from './policy-text.js';

/** The shared word tokenizer (steps/ml/tokenizer) as the policy's text codec. */
export function makeWordCodec(tokenizer: WordTokenizer): TextCodec {
  return {
    vocabSize: tokenizer.words.length,
    encode: (text) => encodeText(tokenizer, text),
    decode: (ids) => decodeIds(tokenizer, ids),
  };
}
