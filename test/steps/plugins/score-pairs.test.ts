import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from '../../../steps/lib/ml/backend/init-backend.js';
import { saveModel } from '../../../steps/lib/ml/io/model-files.js';
import { defaultModelConfig } from '../../../steps/lib/ml/models/model-config.js';
import { createRewardModel, scoreTexts } from '../../../steps/lib/ml/models/reward-model.js';
import { buildWordTokenizer } from '../../../steps/lib/ml/tokenizer/word-tokenizer.js';
import { getResult, startPlugin, writeRequest } from '../lib/ml/fixtures/run-plugin.js';
import { makeSyntheticPairs, makeTempDir, writeJsonl } from '../lib/ml/fixtures/synthetic-pairs.js';

describe('steps/score-pairs (tfjs) as a subprocess', () => {
  it('writes scores.jsonl {id, r_a, r_b, p_a, p_b} with p = σ(r), equal to in-process scores', async () => {
    await initBackend('auto');
    const dir = makeTempDir('score-pairs');
    const pairs = makeSyntheticPairs({ count: 50, seed: 4 });
    const tokenizer = buildWordTokenizer({ texts: pairs.flatMap((p) => [p.prompt, p.chosen, p.rejected]), vocabSize: 500 });
    const model = createRewardModel({ config: { ...defaultModelConfig, vocabSize: tokenizer.words.length, seed: 2, dim: 16, hidden: 16, bigramBuckets: 32 }, tokenizer });
    const modelDir = join(dir, 'model');
    await saveModel({ model, dir: modelDir, backend: 'wasm' });
    const pool = pairs.map((p) => ({ id: p.id, prompt: p.prompt, a: p.rejected, b: p.chosen }));
    const poolFile = writeJsonl(join(dir, 'pool.jsonl'), pool);
    const run = writeRequest({ plugin: 'score-pairs', dir, inputs: { model: modelDir, pairs: poolFile, backend: 'wasm', batch_size: 16 } });
    const proc = await startPlugin('score-pairs', run);
    assert.equal(proc.exitCode, 0, proc.all);
    const result = getResult(run)!;
    assert.equal(result.count, 50);
    assert.equal(result.backend, 'wasm');
    const rows = readFileSync(result.scores as string, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(rows.map((r) => r.id), pool.map((p) => p.id));
    const expectedA = await scoreTexts(model, pool.map((p) => p.prompt), pool.map((p) => p.a));
    rows.forEach((row, i) => {
      assert.ok(Math.abs(row.r_a - expectedA[i]) < 1e-6, `r_a of ${row.id}`);
      assert.ok(Math.abs(row.p_a - 1 / (1 + Math.exp(-row.r_a))) < 1e-12);
      assert.ok(Math.abs(row.p_b - 1 / (1 + Math.exp(-row.r_b))) < 1e-12);
    });
    const all = rows.flatMap((r) => [r.r_a, r.r_b]);
    const mean = all.reduce((a, b) => a + b, 0) / all.length;
    assert.ok(Math.abs((result.reward_mean as number) - mean) < 1e-6);
  });

  it('names the missing model folder and how to get one', async () => {
    const dir = makeTempDir('score-pairs-bad');
    const poolFile = writeJsonl(join(dir, 'pool.jsonl'), [{ id: 1, prompt: 'q', a: 'x', b: 'y' }]);
    const run = writeRequest({ plugin: 'score-pairs', dir, inputs: { model: join(dir, 'nope'), pairs: poolFile } });
    const proc = await startPlugin('score-pairs', run);
    assert.equal(proc.exitCode, 2);
    assert.match(proc.all ?? '', /input model: .*nope\/config\.json is missing: expected a model folder written by train-rm/);
  });
});
