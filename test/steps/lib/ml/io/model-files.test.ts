import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from '../../../../../steps/lib/ml/backend/init-backend.js';
import { loadModel, saveModel } from '../../../../../steps/lib/ml/io/model-files.js';
import { defaultModelConfig } from '../../../../../steps/lib/ml/models/model-config.js';
import { createRewardModel, scoreTexts } from '../../../../../steps/lib/ml/models/reward-model.js';
import { buildWordTokenizer } from '../../../../../steps/lib/ml/tokenizer/word-tokenizer.js';
import { makeSyntheticPairs, makeTempDir } from '../fixtures/synthetic-pairs.js';

describe('ml/io: model folder', () => {
  before(async () => {
    await initBackend('auto');
  });
  const pairs = makeSyntheticPairs({ count: 20, seed: 1 });
  const tokenizer = buildWordTokenizer({ texts: pairs.flatMap((p) => [p.prompt, p.chosen, p.rejected]), vocabSize: 300 });
  const prompts = pairs.map((p) => p.prompt);
  const responses = pairs.map((p) => p.chosen);

  for (const architecture of ['bag', 'transformer'] as const) {
    it(`save → load gives identical scores (${architecture})`, async () => {
      const config = { ...defaultModelConfig, architecture, vocabSize: tokenizer.words.length, seed: 5, dim: 16, hidden: 16, bigramBuckets: architecture === 'bag' ? 64 : 0 };
      const model = createRewardModel({ config, tokenizer });
      const before = await scoreTexts(model, prompts, responses);
      const dir = join(makeTempDir('model'), 'model');
      await saveModel({ model, dir, backend: 'wasm' });
      const { model: loaded, json } = loadModel(dir);
      assert.equal(json.implementation, 'tfjs');
      assert.equal(json.architecture, architecture);
      assert.deepEqual(await scoreTexts(loaded, prompts, responses), before);
    });
  }

  it('refuses a model made by another implementation, naming it', async () => {
    const model = createRewardModel({ config: { ...defaultModelConfig, vocabSize: tokenizer.words.length, seed: 1, dim: 8, hidden: 8 }, tokenizer });
    const dir = join(makeTempDir('model'), 'model');
    await saveModel({ model, dir, backend: 'wasm' });
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...config, implementation: 'jax' }));
    assert.throws(() => loadModel(dir), /made by implementation 'jax'/);
    // torch shares the folder format for bag/transformer only (an `hf` model is adapters, not these weights).
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...config, implementation: 'torch', architecture: 'hf' }));
    assert.throws(() => loadModel(dir), /made by implementation 'torch'/);
  });

  it('says what is missing when the folder is not a model', () => {
    assert.throws(() => loadModel(makeTempDir('empty')), /config\.json is missing: expected a model folder written by train-rm/);
  });
});
