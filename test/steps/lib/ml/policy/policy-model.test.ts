import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../../../steps/lib/ml/backend/init-backend.js';
import { gatherRows } from '../../../../../steps/lib/ml/policy/gather-rows.js';
import { getSpecialIds, makePolicyConfig } from '../../../../../steps/lib/ml/policy/policy-config.js';
import { makePolicyParams, paramNames } from '../../../../../steps/lib/ml/policy/policy-params.js';
import { loadPolicy, savePolicy } from '../../../../../steps/lib/ml/policy/policy-store.js';
import { getSequenceStats } from '../../../../../steps/lib/ml/policy/sequence-stats.js';
import { getSftTargets } from '../../../../../steps/lib/ml/policy/sft-loss.js';
import { generateResponses } from '../../../../../steps/lib/ml/policy/generate.js';
import { makeRng } from '../../../../../steps/lib/random/seeded-random.js';

describe('policy LM', () => {
  before(async () => {
    await initBackend('auto');
  });
  const config = makePolicyConfig({ tokenizerVocab: 10, context: 2, embedDim: 4, hiddenDim: 8, bannedIds: [0] });
  const { bos, sep, eos } = getSpecialIds(config);

  it('is causal: a token never changes the log-probabilities of the tokens before it', async () => {
    const params = makePolicyParams(config, 1);
    const a = await getSequenceStats({ params, config, rows: [[bos, 4, sep, 5, 6, 7]], starts: [3] });
    const b = await getSequenceStats({ params, config, rows: [[bos, 4, sep, 5, 6, 9], [bos, 1, sep, 2]], starts: [3, 3] });
    assert.deepEqual(a.logp[0]!.slice(0, 2), b.logp[0]!.slice(0, 2));
    assert.notDeepEqual(a.logp[0]![2], b.logp[0]![2]);
    assert.equal(b.logp[1]!.length, 1, 'right padding adds no targets');
  });

  it('never samples banned ids or its own BOS/SEP, and gives them zero probability', async () => {
    const params = makePolicyParams(config, 2);
    const out = generateResponses({ params, config, queries: Array.from({ length: 20 }, () => [bos, 3, sep]), lengths: Array(20).fill(6), rng: makeRng(4) });
    for (const r of out) {
      for (const t of r) assert.ok(t !== 0 && t !== bos && t !== sep, `sampled banned id ${t}`);
      assert.ok(r.length === 6 || r.at(-1) === eos);
    }
    const { logp } = await getSequenceStats({ params, config, rows: [[bos, 3, sep, 0]], starts: [3] });
    assert.ok(logp[0]![0]! < -1e6);
  });

  it('SFT trains on response tokens and EOS, skipping banned targets such as [UNK]', () => {
    const { positions, targets } = getSftTargets(config, [[bos, 4, sep, 5, 0, 6, eos], [bos, sep, 7]], [3, 2]);
    // Row 0 (T = 7): positions 2, 4, 5 predict 5, 6, EOS (the banned 0 at index 4 is skipped); row 1: position 7 + 1.
    assert.deepEqual(Array.from(targets), [5, 6, eos, 7]);
    assert.deepEqual(Array.from(positions), [2, 4, 5, 8]);
  });

  it('gatherRows has the gradient of tf.gather (rows accumulate)', () => {
    const table = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
    const ids = Int32Array.from([2, 0, 2]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(gatherRows(t as tf.Tensor2D, ids), tf.tensor2d([[1, 1], [2, 2], [3, 3]]))))(table);
    assert.deepEqual(g.arraySync(), [[2, 2], [0, 0], [4, 4]]);
    assert.deepEqual(gatherRows(table, ids).arraySync(), [[5, 6], [1, 2], [5, 6]]);
  });

  it('a saved policy loads back bit for bit', async () => {
    const params = makePolicyParams(config, 3);
    const dir = join(mkdtempSync(join(tmpdir(), 'ser-flow-policy-')), 'policy');
    await savePolicy(dir, { config, tokenizer: { kind: 'word' }, params, extra: { note: 'x' } });
    const loaded = loadPolicy(dir);
    assert.deepEqual(loaded.config, config);
    assert.equal(loaded.extra?.note, 'x');
    for (const n of paramNames) assert.deepEqual(Array.from(loaded.params[n].dataSync()), Array.from(params[n].dataSync()), n);
  });

  it('rejects a folder that is not a policy with a message that says what to pass', () => {
    assert.throws(() => loadPolicy(tmpdir()), /not a policy folder \(no config\.json\)/);
  });
});
