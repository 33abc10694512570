import assert from 'node:assert/strict';
import { join } from 'node:path';
import { initBackend } from '../../../../../steps/lib/ml/backend/init-backend.js';
import { loadCheckpoint, saveCheckpoint } from '../../../../../steps/lib/ml/io/checkpoint.js';
import { formatScoreText } from '../../../../../steps/lib/ml/models/encode-texts.js';
import { defaultModelConfig } from '../../../../../steps/lib/ml/models/model-config.js';
import { createRewardModel, scoreTexts, type RewardModel } from '../../../../../steps/lib/ml/models/reward-model.js';
import { buildWordTokenizer } from '../../../../../steps/lib/ml/tokenizer/word-tokenizer.js';
import { evaluatePairs } from '../../../../../steps/lib/ml/train/evaluate-pairs.js';
import { trainRewardModel, type TrainOptions } from '../../../../../steps/lib/ml/train/train-reward-model.js';
import { makeSyntheticPairs, makeTempDir } from '../fixtures/synthetic-pairs.js';

describe('ml/train: training the bag reward model', () => {
  before(async () => {
    await initBackend('auto');
  });
  const train = makeSyntheticPairs({ count: 600, seed: 11, words: 12 });
  const test = makeSyntheticPairs({ count: 200, seed: 12, prefix: 't', words: 12 });
  const tokenizer = buildWordTokenizer({ texts: train.flatMap((p) => [formatScoreText(p.prompt, p.chosen), formatScoreText(p.prompt, p.rejected)]), vocabSize: 2000 });
  const makeModel = (): RewardModel =>
    createRewardModel({ config: { ...defaultModelConfig, vocabSize: tokenizer.words.length, seed: 3, dim: 32, hidden: 32 }, tokenizer });
  const options: TrainOptions = { loss: 'bt', margin: 0, centerCoef: 0, epochs: 3, batchSize: 32, lr: 1e-2, weightDecay: 0.01, warmupRatio: 0.1, seed: 9 };

  it('learns a separable task ("good" beats "bad") to > 90 % test accuracy', async () => {
    const model = makeModel();
    const epochs: number[] = [];
    const result = await trainRewardModel({ model, pairs: train, train: options, onEpoch: ({ loss }) => void epochs.push(loss) });
    assert.equal(epochs.length, 3);
    assert.ok(epochs[2] < epochs[0], `loss should fall: ${epochs}`);
    const metrics = await evaluatePairs(model, test);
    assert.ok(metrics.accuracy > 0.9, `test accuracy ${metrics.accuracy}`);
    assert.ok(result.pairsPerSecond > 0);
  });

  it('learns it with the hinge loss too', async () => {
    const model = makeModel();
    await trainRewardModel({ model, pairs: train, train: { ...options, loss: 'hinge', margin: 1 } });
    assert.ok((await evaluatePairs(model, test)).accuracy > 0.9);
  });

  it('trains the linear model on the same task', async () => {
    const model = createRewardModel({ config: { ...defaultModelConfig, architecture: 'linear', vocabSize: tokenizer.words.length, seed: 3 }, tokenizer });
    await trainRewardModel({ model, pairs: train, train: options });
    assert.ok((await evaluatePairs(model, test)).accuracy > 0.9);
  });

  it('trains the small transformer on the same task', async () => {
    const model = createRewardModel({
      config: { ...defaultModelConfig, architecture: 'transformer', vocabSize: tokenizer.words.length, seed: 3, dim: 16, hidden: 32, maxLen: 32 },
      tokenizer,
    });
    await trainRewardModel({ model, pairs: train.slice(0, 200), train: { ...options, lr: 3e-3 } });
    assert.ok((await evaluatePairs(model, test)).accuracy > 0.9);
  });

  it('with token dropout it still learns the task, and the same seed gives the same weights', async () => {
    const prompts = test.map((p) => p.prompt);
    const responses = test.map((p) => p.chosen);
    const trainOnce = async (tokenDropout: number) => {
      const model = makeModel();
      await trainRewardModel({ model, pairs: train, train: { ...options, tokenDropout } });
      return { model, scores: await scoreTexts(model, prompts, responses) };
    };
    const [a, b, plain] = [await trainOnce(0.5), await trainOnce(0.5), await trainOnce(0)];
    assert.deepEqual(a.scores, b.scores);
    assert.notDeepEqual(a.scores, plain.scores, 'dropout changes what is learned');
    assert.ok((await evaluatePairs(a.model, test)).accuracy > 0.9);
  });

  for (const tokenDropout of [0, 0.3]) {
    it(`stopped by its signal and resumed from a checkpoint, ends with the same weights as an uninterrupted run (token dropout ${tokenDropout})`, async () => {
      const prompts = test.map((p) => p.prompt);
      const responses = test.map((p) => p.chosen);
      const withDropout = { ...options, tokenDropout };
      const straight = makeModel();
      await trainRewardModel({ model: straight, pairs: train, train: { ...withDropout, epochs: 2 } });

      const controller = new AbortController();
      const first = await trainRewardModel({
        model: makeModel(),
        pairs: train,
        train: { ...withDropout, epochs: 2 },
        signal: controller.signal,
        onBatch: ({ step }) => step === 22 && controller.abort(),
      });
      assert.equal(first.stopped, true);
      // 19 batches per epoch: step 22 is epoch 2's third batch.
      assert.deepEqual([first.position.epoch, first.position.batch], [1, 3]);
      const dir = join(makeTempDir('ckpt'), 'checkpoint');
      await saveCheckpoint({ dir, model: first.model, position: first.position, backend: 'wasm', fingerprint: 'f' });
      assert.deepEqual(loadCheckpoint(dir, 'other'), { reason: `checkpoint in ${dir} was made with other inputs` });
      const found = loadCheckpoint(dir, 'f');
      assert.ok('model' in found);
      const second = await trainRewardModel({ model: found.model, pairs: train, train: { ...withDropout, epochs: 2 }, resume: found.position });
      assert.equal(second.stopped, false);
      assert.deepEqual(await scoreTexts(second.model, prompts, responses), await scoreTexts(straight, prompts, responses));
    });
  }
});
