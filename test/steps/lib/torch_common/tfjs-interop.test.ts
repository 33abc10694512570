import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs-core';
import { join } from 'node:path';
import { getBackendChoice, initBackend } from '../../../../steps/lib/ml/backend/init-backend.js';
import { loadModel, saveModel } from '../../../../steps/lib/ml/io/model-files.js';
import { defaultModelConfig } from '../../../../steps/lib/ml/models/model-config.js';
import { createRewardModel, encodeResponses, scoreTexts } from '../../../../steps/lib/ml/models/reward-model.js';
import { buildWordTokenizer, splitWords } from '../../../../steps/lib/ml/tokenizer/index.js';
import { getResult, makeTempDir, projectRoot, runStep } from '../../sdk-py/python-step.js';
import { getPluginArgv, getTorchPython, makeSyntheticPairs, readJsonl, skipWithoutTorch, writeJsonl } from './torch-helpers.js';

const trickyTexts = [
  "Hello, World! It's 3.5 café_bar — naïve don’t x²",
  '日本語のテキスト and émojis 🙂🙂 (really?) [yes] {no} $5 #1',
  "rock'n'roll can't won't O'Neil's 'quoted' ‘curly’ İstanbul ǅ ß",
  'tabs\tand\nnewlines\r\n  spaces… 1,000,000 3rd 4th ١٢٣ Ⅻ ½',
];

/** Runs Python code over JSON on stdin with torch_common importable; returns its JSON stdout. */
function runPython(code: string, input: unknown): unknown {
  const python = getTorchPython() ?? 'python3';
  const prelude = `import json, sys\nsys.path[:0] = [${JSON.stringify(join(projectRoot, 'steps', 'sdk-py'))}, ${JSON.stringify(join(projectRoot, 'steps', 'lib'))}]\n`;
  const out = execFileSync(python, ['-c', prelude + code], { input: JSON.stringify(input), encoding: 'utf8' });
  return JSON.parse(out);
}

describe('torch ↔ TF.js parity: tokenizer, text encoding and model files', function () {
  before(function () {
    if (!getTorchPython()) {
      console.log(`      skipped: ${skipWithoutTorch}`);
      this.skip();
    }
  });

  it('splits words and builds the vocabulary exactly as steps/ml/tokenizer does', () => {
    const texts = [...trickyTexts, ...makeSyntheticPairs(50, 5).flatMap((p) => [p.prompt, p.chosen, p.rejected])];
    const python = runPython(
      `from torch_common.tokenizer import split_words, build_vocab\ntexts = json.load(sys.stdin)\nprint(json.dumps({"words": [split_words(t) for t in texts], "vocab": build_vocab(texts, 40)}))`,
      texts,
    ) as { words: string[][]; vocab: string[] };
    assert.deepEqual(python.words, texts.map(splitWords));
    assert.deepEqual(python.vocab, buildWordTokenizer({ texts, vocabSize: 40 }).words);
  });

  for (const architecture of ['bag', 'linear', 'transformer'] as const) {
    it(`scores a TF.js-made ${architecture} model with the same rewards (ids, bigram hashing, weights, forward pass)`, async () => {
      // One backend per process: keep whichever an earlier test in this mocha run chose.
      await initBackend(getBackendChoice()?.name ?? 'cpu');
      const pairs = makeSyntheticPairs(24, 6);
      const tokenizer = buildWordTokenizer({ texts: pairs.flatMap((p) => [p.prompt, p.chosen, p.rejected]), vocabSize: 50 });
      const config = { ...defaultModelConfig, architecture, vocabSize: tokenizer.words.length, bigramBuckets: architecture === 'transformer' ? 0 : 64, dim: 16, hidden: 24, maxLen: 12, seed: 3 };
      const model = createRewardModel({ config, tokenizer });
      // The linear model starts at 0 everywhere, which any implementation would match.
      if (architecture === 'linear') model.params.get('embedding')!.assign(tf.randomNormal([config.vocabSize + config.bigramBuckets, 1], 0, 1, 'float32', 5));
      const dir = makeTempDir(`interop-${architecture}`);
      await saveModel({ model, dir: join(dir, 'model'), backend: 'cpu' });
      const prompts = pairs.map((p) => p.prompt);
      const expected = await scoreTexts(model, prompts, pairs.map((p) => p.chosen));
      // Ids first: a mismatch here points at tokenization rather than the network.
      const ids = runPython(
        `from torch_common.word_model import WordRewardModel\nfrom torch_common.model_dir import read_model_config\nimport torch\nd = json.load(sys.stdin)\nm = WordRewardModel.load(d["dir"], read_model_config(d["dir"]), torch.device("cpu"))\nprint(json.dumps([m._encode_one(p, r) for p, r in zip(d["prompts"], d["responses"])]))`,
        { dir: join(dir, 'model'), prompts, responses: pairs.map((p) => p.chosen) },
      );
      assert.deepEqual(ids, encodeResponses(model, prompts, pairs.map((p) => p.chosen)).map((a) => [...a]));
      writeJsonl(join(dir, 'pool.jsonl'), pairs.map((p) => ({ id: p.id, prompt: p.prompt, a: p.chosen, b: p.rejected })));
      const run = await runStep({ argv: getPluginArgv('score-pairs'), inputs: { model: join(dir, 'model'), pairs: join(dir, 'pool.jsonl') } });
      assert.equal(run.exitCode, 0, run.stderr);
      const scores = readJsonl<{ r_a: number }>(getResult(run).scores as string);
      scores.forEach((s, i) => assert.ok(Math.abs(s.r_a - expected[i]) < 1e-4 * Math.max(1, Math.abs(expected[i])), `pair ${i}: torch ${s.r_a} vs tfjs ${expected[i]}`));
    });
  }

  it('the TF.js loader reads a torch-made bag model and scores it as torch does', async () => {
    const dir = makeTempDir('interop-reverse');
    const pairs = makeSyntheticPairs(16, 8);
    writeJsonl(join(dir, 'train.jsonl'), pairs);
    const run = await runStep({ argv: getPluginArgv('train-rm'), inputs: { train: join(dir, 'train.jsonl'), epochs: 1, dim: 8, hidden: 8, vocab_size: 30, bigram_buckets: 16 } });
    assert.equal(run.exitCode, 0, run.stderr);
    const modelDir = getResult(run).model as string;
    const loaded = loadModel(modelDir);
    await initBackend(getBackendChoice()?.name ?? 'cpu');
    const expected = await scoreTexts(loaded.model, pairs.map((p) => p.prompt), pairs.map((p) => p.chosen));
    writeJsonl(join(dir, 'pool.jsonl'), pairs.map((p) => ({ id: p.id, prompt: p.prompt, a: p.chosen, b: p.rejected })));
    const scored = await runStep({ argv: getPluginArgv('score-pairs'), inputs: { model: modelDir, pairs: join(dir, 'pool.jsonl') } });
    const scores = readJsonl<{ r_a: number }>(getResult(scored).scores as string);
    scores.forEach((s, i) => assert.ok(Math.abs(s.r_a - expected[i]) < 1e-4 * Math.max(1, Math.abs(expected[i])), `pair ${i}: torch ${s.r_a} vs tfjs ${expected[i]}`));
  });
});
