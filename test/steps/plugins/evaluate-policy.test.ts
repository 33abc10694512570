import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from '../../../steps/lib/ml/backend/init-backend.js';
import { computeWinRate } from '../../../steps/plugins/evaluate-policy/win-rate.js';
import { getResult, startPlugin, writeRequest } from '../lib/ml/fixtures/run-plugin.js';
import { makeTempDir } from '../lib/ml/fixtures/synthetic-pairs.js';
import { makePolicyFixture, savePolicyPreferring } from './ppo-fixtures.js';

describe('steps/evaluate-policy', function () {
  this.timeout(120_000);
  before(async () => {
    await initBackend('auto');
  });

  it('win rate counts ties as half and needs one pair per prompt', () => {
    assert.equal(computeWinRate([1, 2, 3, 4], [0, 2, 5, 1]), (1 + 0.5 + 0 + 1) / 4);
    assert.throws(() => computeWinRate([1], []), /one pair per prompt/);
  });

  it('as a subprocess: a policy that always says the gold-rewarded word wins under gold, with a positive KL to the reference', async () => {
    const dir = makeTempDir('evaluate-policy');
    const fx = await makePolicyFixture(dir);
    const ppoDir = await savePolicyPreferring({ dir: join(dir, 'ppo-policy'), tokenizer: fx.tokenizer, config: fx.config, params: fx.params, word: 'good' });
    const gold = join(dir, 'gold.json');
    writeFileSync(gold, JSON.stringify({ kind: 'bag-of-words', version: 1, tokenizer: 'lowercase-letters', weights: { good: 1, bad: -1 }, generator: {} }));
    const inputs = { sft_policy: fx.policyDir, ppo_policy: ppoDir, reward_model: fx.rmDir, prompts: fx.promptsFile, gold, length_min: 4, length_max: 5 };
    const run = writeRequest({ plugin: 'evaluate-policy', dir, inputs });
    const proc = await startPlugin('evaluate-policy', run);
    assert.equal(proc.exitCode, 0, proc.all);
    const r = getResult(run)!;
    assert.equal(r.prompts, 12);
    assert.equal(r.gold_source, 'gold.json');
    // Fixed length 4: the biased policy says "good" 4 times (gold 4); the random one rarely.
    assert.ok(Math.abs((r.gold_reward_ppo as number) - 4) < 1e-9, `gold ppo ${r.gold_reward_ppo}`);
    assert.ok((r.gold_reward_sft as number) < 1.5);
    assert.ok((r.gold_win_rate as number) > 0.9);
    assert.ok((r.kl_to_reference as number) > 4, `KL ${r.kl_to_reference}`);
    const samples = readFileSync(r.samples as string, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(samples.length, 12);
    assert.equal(samples[0].ppo, 'good good good good');
    const proxyPpo = samples.reduce((s, x) => s + x.proxy_ppo, 0) / 12;
    assert.ok(Math.abs(proxyPpo - (r.proxy_reward_ppo as number)) < 1e-9);
  });

  it('without a gold reward it reports the proxy only (gold fields null)', async () => {
    const dir = makeTempDir('evaluate-policy-nogold');
    const fx = await makePolicyFixture(dir, { prompts: 3 });
    const run = writeRequest({ plugin: 'evaluate-policy', dir, inputs: { sft_policy: fx.policyDir, ppo_policy: fx.policyDir, reward_model: fx.rmDir, prompts: fx.promptsFile, gold: '' } });
    const proc = await startPlugin('evaluate-policy', run);
    assert.equal(proc.exitCode, 0, proc.all);
    const r = getResult(run)!;
    assert.equal(r.gold_source, 'none');
    assert.equal(r.gold_win_rate, null);
    assert.equal(typeof r.proxy_reward_sft, 'number');
  });
});
