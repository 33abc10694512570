import assert from 'node:assert/strict';
import { join } from 'node:path';
import { initBackend } from '../../../steps/lib/ml/backend/init-backend.js';
import { saveModel } from '../../../steps/lib/ml/io/model-files.js';
import { defaultModelConfig } from '../../../steps/lib/ml/models/model-config.js';
import { createRewardModel } from '../../../steps/lib/ml/models/reward-model.js';
import { buildWordTokenizer } from '../../../steps/lib/ml/tokenizer/word-tokenizer.js';
import { scorePairs } from '../../../steps/lib/ml/train/evaluate-pairs.js';
import { computeLengthAccuracy } from '../../../steps/plugins/evaluate-rm/length-accuracy.js';
import { getResult, startPlugin, writeRequest } from '../lib/ml/fixtures/run-plugin.js';
import { makeSyntheticPairs, makeTempDir, writeJsonl } from '../lib/ml/fixtures/synthetic-pairs.js';

describe('steps/evaluate-rm (tfjs) as a subprocess', () => {
  it('reports accuracy (both tie rules), margin, reward stats, and pseudo-label precision and length bias of admitted pairs', async () => {
    await initBackend('auto');
    const dir = makeTempDir('evaluate-rm');
    const test = makeSyntheticPairs({ count: 60, seed: 5 });
    // A duplicated pair scores a tie (identical texts): one tie for sure.
    test.push({ ...test[0], id: 'tie', rejected: test[0].chosen });
    const tokenizer = buildWordTokenizer({ texts: test.flatMap((p) => [p.prompt, p.chosen, p.rejected]), vocabSize: 500 });
    const model = createRewardModel({ config: { ...defaultModelConfig, vocabSize: tokenizer.words.length, seed: 8, dim: 16, hidden: 16 }, tokenizer });
    const modelDir = join(dir, 'model');
    await saveModel({ model, dir: modelDir, backend: 'wasm' });
    const { chosen, rejected } = await scorePairs(model, test);
    const wins = test.filter((_, i) => chosen[i] > rejected[i]).length;
    const ties = test.filter((_, i) => chosen[i] === rejected[i]).length;

    // Pool of 4 pairs; hidden labels say which side humans preferred; 2 loops admitted 3 of them, one wrongly.
    const pool = [
      { id: 'q1', prompt: 'p', a: 'long good answer', b: 'bad' },
      { id: 'q2', prompt: 'p', a: 'meh', b: 'fine answer' },
      { id: 'q3', prompt: 'p', a: 'yes', b: 'no' },
      { id: 'q4', prompt: 'p', a: 'x', b: 'y' },
    ];
    const labels = [{ id: 'q1', label: 'a' }, { id: 'q2', label: 'b' }, { id: 'q3', label: 'a' }, { id: 'q4', label: 'b' }];
    const admit = (id: string, chosenSide: 'a' | 'b') => {
      const p = pool.find((x) => x.id === id)!;
      return { id, prompt: p.prompt, chosen: p[chosenSide], rejected: p[chosenSide === 'a' ? 'b' : 'a'], loop: 1, rm: 'm', p_chosen: 0.6, p_rejected: 0.4, rule: 'status1' };
    };
    const run = writeRequest({
      plugin: 'evaluate-rm',
      dir,
      inputs: {
        model: modelDir,
        test: writeJsonl(join(dir, 'test.jsonl'), test),
        admitted: [writeJsonl(join(dir, 'admitted-1.jsonl'), [admit('q1', 'a'), admit('q2', 'b')]), writeJsonl(join(dir, 'admitted-2.jsonl'), [admit('q3', 'b')])],
        pool: writeJsonl(join(dir, 'pool.jsonl'), pool),
        hidden_labels: writeJsonl(join(dir, 'pool-labels.jsonl'), labels),
      },
    });
    const proc = await startPlugin('evaluate-rm', run);
    assert.equal(proc.exitCode, 0, proc.all);
    const r = getResult(run)!;
    assert.equal(r.accuracy, wins / test.length);
    assert.equal(r.ties, ties);
    assert.ok(ties >= 1);
    assert.equal(r.accuracy_ties_correct, (wins + ties) / test.length);
    assert.equal(r.admitted, 3);
    assert.ok(Math.abs((r.pseudo_label_precision as number) - 2 / 3) < 1e-12);
    // chars: 'long good answer'(16) − 'bad'(3), 'fine answer'(11) − 'meh'(3), 'no'(2) − 'yes'(3)
    assert.ok(Math.abs((r.length_diff as number) - (13 + 8 - 1) / 3) < 1e-12);
    assert.equal(r.implementation, 'tfjs');
    // The length-only baseline on the same test pairs: the 'tie' pair (equal texts) counts 0.5.
    const longer = test.filter((p) => p.chosen.length > p.rejected.length).length;
    const equal = test.filter((p) => p.chosen.length === p.rejected.length).length;
    assert.ok(equal >= 1);
    assert.equal(r.length_accuracy, (longer + 0.5 * equal) / test.length);
  });

  it('scores the length-only baseline by hand: the longer answer wins, a tie counts 0.5', () => {
    // 'aaa' > 'a' → 1; 'b' < 'bbbb' → 0; 'cc' = 'dd' → 0.5; (1 + 0 + 0.5) / 3 = 0.5
    const pairs = [
      { chosen: 'aaa', rejected: 'a' },
      { chosen: 'b', rejected: 'bbbb' },
      { chosen: 'cc', rejected: 'dd' },
    ];
    assert.equal(computeLengthAccuracy(pairs), 0.5);
    assert.equal(computeLengthAccuracy([]), 0);
  });
});
