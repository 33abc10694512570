import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { projectRoot } from '../lib/ml/fixtures/run-plugin.js';
import { makeTempDir } from '../lib/ml/fixtures/synthetic-pairs.js';

describe('workflows/ppo-smoke.yaml through the CLI', function () {
  this.timeout(240_000);

  it('runs prepare → RM → SFT → PPO → evaluate-policy and reports proxy and gold rewards', async () => {
    const runDir = makeTempDir('ppo-smoke');
    const cli = join(projectRoot, 'dist/engine/cli/main.js');
    const args = ['run', join(projectRoot, 'workflows/ppo-smoke.yaml'), '--run-dir', runDir, '--run-id', 'smoke', '--no-cache'];
    const sets = ['generated_pairs=400', 'rm_epochs=3', 'sft_epochs=1', 'ppo_steps=3', 'eval_prompts=20'].flatMap((s) => ['--set', s]);
    const proc = await execa(process.execPath, [cli, ...args, ...sets], { cwd: projectRoot, reject: false, all: true });
    assert.equal(proc.exitCode, 0, proc.all);
    assert.match(proc.all, /evaluate_policy ▸ proxy reward SFT [0-9.]+ → PPO [0-9.]+; gold SFT -?[0-9.]+ → PPO -?[0-9.]+; gold win rate [0-9.]+; KL -?[0-9.]+/);
    const status = await execa(process.execPath, [cli, 'status', join(runDir, 'smoke')], { reject: false, all: true });
    assert.equal(status.exitCode, 0, status.all);
    const ppoLine = status.all.split('\n').find((l) => l.includes('"kl_coef_final"'))!;
    const ppo = JSON.parse(ppoLine.slice(ppoLine.indexOf('{'))) as Record<string, number>;
    assert.equal(ppo.steps, 3);
    const evalLine = status.all.split('\n').find((l) => l.includes('"gold_win_rate"'))!;
    const evaluation = JSON.parse(evalLine.slice(evalLine.indexOf('{'))) as Record<string, unknown>;
    assert.equal(evaluation.gold_source, 'gold.json');
    assert.equal(evaluation.prompts, 20);
    for (const key of ['proxy_reward_sft', 'proxy_reward_ppo', 'gold_reward_sft', 'gold_reward_ppo', 'gold_win_rate', 'kl_to_reference']) {
      assert.ok(Number.isFinite(evaluation[key]), `${key} = ${evaluation[key]}`);
    }
    assert.equal(readFileSync(evaluation.samples as string, 'utf8').trim().split('\n').length, 20);
  });
});
