import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadPairs } from '../../../../steps/lib/data/load-pairs.js';
import { findInvalidUtf8Lines, MalformedRecordError } from '../../../../steps/lib/data/read-records.js';

const lines = (records: unknown[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n';

describe('data loaders', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'ser-loaders-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string | Buffer) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it('splits HH-RLHF dialogues at the LAST "\\n\\nAssistant:" (also gzipped) and detects the format', () => {
    const chosen = '\n\nHuman: hi\n\nAssistant: hello\n\nHuman: name a fruit\n\nAssistant: an apple';
    const rejected = '\n\nHuman: hi\n\nAssistant: hello\n\nHuman: name a fruit\n\nAssistant: a rock';
    const file = write('hh.jsonl.gz', gzipSync(lines([{ chosen, rejected }])));
    const loaded = loadPairs({ file });
    assert.equal(loaded.format, 'hh-rlhf');
    assert.deepEqual(loaded.pairs, [
      { prompt: '\n\nHuman: hi\n\nAssistant: hello\n\nHuman: name a fruit\n\nAssistant:', chosen: 'an apple', rejected: 'a rock' },
    ]);
  });

  it('reads UltraFeedback-binarized message lists (last assistant message)', () => {
    const msgs = (answer: string) => [{ role: 'user', content: 'q?' }, { role: 'assistant', content: answer }];
    const file = write('uf.jsonl', lines([{ prompt: 'q?', chosen: msgs('good'), rejected: msgs('bad') }]));
    const loaded = loadPairs({ file });
    assert.equal(loaded.format, 'ultrafeedback');
    assert.deepEqual(loaded.pairs, [{ prompt: 'q?', chosen: 'good', rejected: 'bad' }]);
  });

  it('reads summarize-from-feedback comparisons (choice picks the winner)', () => {
    const record = { info: { post: 'long post', title: 'T' }, summaries: [{ text: 'first' }, { text: 'second' }], choice: 1 };
    const loaded = loadPairs({ file: write('sum.jsonl', lines([record])) });
    assert.equal(loaded.format, 'summarize');
    assert.deepEqual(loaded.pairs, [{ prompt: 'T\n\nlong post', chosen: 'second', rejected: 'first' }]);
  });

  it('turns StackExchange answers into higher-score-wins pairs and counts equal scores as ties', () => {
    const answers = [{ text: 'low', pm_score: 1 }, { text: 'high', pm_score: 5 }, { text: 'also low', pm_score: 1 }];
    const loaded = loadPairs({ file: write('se.jsonl', lines([{ question: 'Q', answers }])) });
    assert.equal(loaded.format, 'stack-exchange');
    assert.deepEqual(loaded.pairs.map((p) => [p.chosen, p.rejected]), [['high', 'low'], ['high', 'also low']]);
    assert.equal(loaded.skipped.ties, 1);
  });

  it('reads FineGrainedRLHF QA preferences in the order 1v2,1v3,1v4,2v3,2v4,3v4 and drops ties (counted)', () => {
    const record = { question: 'Q', 'prediction 1': 'A1', 'prediction 2': 'A2', 'prediction 3': 'A3', 'prediction 4': 'A4', preference: [1, 2, 0, 2, 1, 0] };
    const loaded = loadPairs({ file: write('fg.json', JSON.stringify([record])) });
    assert.equal(loaded.format, 'finegrained-qa');
    assert.deepEqual(loaded.pairs.map((p) => [p.chosen, p.rejected]), [['A1', 'A2'], ['A3', 'A1'], ['A3', 'A2'], ['A2', 'A4']]);
    assert.equal(loaded.skipped.ties, 2);
  });

  it('reads the generic format and counts identical chosen/rejected pairs instead of dropping them silently', () => {
    const file = write('gen.jsonl', lines([{ prompt: 'p', chosen: 'x', rejected: 'y' }, { prompt: 'p', chosen: 'same', rejected: 'same' }]));
    const loaded = loadPairs({ file });
    assert.equal(loaded.format, 'generic');
    assert.equal(loaded.pairs.length, 1);
    assert.deepEqual(loaded.skipped, { malformed: 0, ties: 0, identical: 1 });
  });

  it('fails on a malformed line with file:line, or skips and counts it with onMalformed skip', () => {
    const text = [JSON.stringify({ prompt: 'p', chosen: 'x', rejected: 'y' }), '{not json', JSON.stringify({ prompt: 'p', chosen: null, rejected: 'y' }), ''].join('\n');
    const file = write('bad.jsonl', text);
    assert.throws(() => loadPairs({ file, format: 'generic' }), (e: unknown) => e instanceof MalformedRecordError && e.message.startsWith(`${file}:2: not valid JSON`));
    const wrongType = write('bad2.jsonl', [text.split('\n')[0], text.split('\n')[2]].join('\n'));
    assert.throws(() => loadPairs({ file: wrongType, format: 'generic' }), (e: unknown) => e instanceof Error && e.message.startsWith(`${wrongType}:2: expected "chosen" to be a string`) && e.message.includes('on_malformed: skip'));
    const loaded = loadPairs({ file, format: 'generic', onMalformed: 'skip' });
    assert.equal(loaded.pairs.length, 1);
    assert.equal(loaded.skipped.malformed, 2);
    assert.equal(loaded.problems.length, 2);
    assert.match(loaded.problems[1], /bad\.jsonl:3: /);
  });

  it('names the record of a .json array and says how to pick a format it cannot detect', () => {
    const file = write('arr.json', JSON.stringify([{ question: 'Q', 'prediction 1': 'A', preference: [1] }]));
    assert.throws(() => loadPairs({ file, format: 'finegrained-qa' }), /arr\.json: record 1: expected "prediction 2" to be a string/);
    const unknown = write('unknown.jsonl', lines([{ foo: 1 }]));
    assert.throws(() => loadPairs({ file: unknown }), /cannot tell the data format.*set format to one of hh-rlhf/);
  });

  it('reads generic number and boolean answers as their JSON text and says where (even when every record has them)', () => {
    const file = write('scalar.jsonl', lines([{ prompt: 'p', chosen: true, rejected: false }, { prompt: 'q', chosen: 2, rejected: 'x' }, { prompt: 'r', chosen: 'a', rejected: 'b' }]));
    const loaded = loadPairs({ file });
    assert.equal(loaded.format, 'generic');
    assert.deepEqual(loaded.pairs.slice(0, 2), [{ prompt: 'p', chosen: 'true', rejected: 'false' }, { prompt: 'q', chosen: '2', rejected: 'x' }]);
    assert.deepEqual(loaded.converted, [`${file}:1`, `${file}:2`]);
  });

  it('names the lines that are not UTF-8 (also gzipped), and none for valid text with a real U+FFFD', () => {
    const good = Buffer.from('{"a":"ok"}\n{"a":"\uFFFD is a real character"}\n');
    assert.deepEqual(findInvalidUtf8Lines(good), []);
    const bad = Buffer.concat([good, Buffer.from([0x7b, 0xff, 0x7d, 0x0a]), Buffer.from('{}\n'), Buffer.from([0xc3])]);
    assert.deepEqual(findInvalidUtf8Lines(bad), [3, 5]);
    const file = write('latin1.jsonl.gz', gzipSync(Buffer.concat([Buffer.from(lines([{ prompt: 'p', chosen: 'x', rejected: 'y' }])), Buffer.from('{"prompt":"caf\xe9","chosen":"x","rejected":"z"}\n', 'latin1')])));
    assert.deepEqual(loadPairs({ file }).invalidUtf8Lines, [2]);
  });
});
