import assert from 'node:assert/strict';
import {
  buildWordTokenizer,
  decodeIds,
  encodeText,
  parseTokenizer,
  serializeTokenizer,
  unkId,
} from '../../../../../steps/lib/ml/tokenizer/word-tokenizer.js';

describe('ml/tokenizer: word tokenizer', () => {
  const texts = ['The cat sat on the mat.', 'The dog, the cat (and a bird) sat!', "Don't panic: it's fine."];

  it('keeps the most frequent words after the four specials, deterministically', () => {
    const a = buildWordTokenizer({ texts, vocabSize: 8 });
    const b = buildWordTokenizer({ texts: [...texts], vocabSize: 8 });
    assert.deepEqual(a.words, b.words);
    assert.deepEqual(a.words.slice(0, 4), ['[PAD]', '[UNK]', '[BOS]', '[EOS]']);
    assert.equal(a.words[4], 'the');
    assert.equal(a.words.length, 8);
  });

  it('decodes what it encodes for in-vocabulary text (lower-cased, punctuation attached)', () => {
    const tokenizer = buildWordTokenizer({ texts, vocabSize: 100 });
    const ids = encodeText(tokenizer, 'The cat sat on the mat.');
    assert.equal(decodeIds(tokenizer, ids), 'the cat sat on the mat.');
    assert.equal(decodeIds(tokenizer, encodeText(tokenizer, "Don't panic: it's fine.")), "don't panic: it's fine.");
  });

  it('maps unknown words to [UNK] and shows them as <unk>', () => {
    const tokenizer = buildWordTokenizer({ texts, vocabSize: 100 });
    const ids = encodeText(tokenizer, 'the zebra sat');
    assert.equal(ids[1], unkId);
    assert.equal(decodeIds(tokenizer, ids), 'the <unk> sat');
  });

  it('round-trips through its JSON form and rejects a wrong file', () => {
    const tokenizer = buildWordTokenizer({ texts, vocabSize: 100 });
    const again = parseTokenizer(JSON.parse(JSON.stringify(serializeTokenizer(tokenizer))), 'vocab.json');
    assert.deepEqual(encodeText(again, texts[1]), encodeText(tokenizer, texts[1]));
    assert.throws(() => parseTokenizer({ kind: 'bpe' }, 'x/vocab.json'), /x\/vocab\.json: not a word tokenizer/);
  });

  it('refuses a vocabulary too small for the specials', () => {
    assert.throws(() => buildWordTokenizer({ texts, vocabSize: 4 }), /vocab_size must be an integer above 4/);
  });
});
