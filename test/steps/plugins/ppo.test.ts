import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { initBackend } from '../../../steps/lib/ml/backend/init-backend.js';
import { loadPolicy } from '../../../steps/lib/ml/policy/policy-store.js';
import { getResult, projectRoot, readEvents, startPlugin, writeRequest } from '../lib/ml/fixtures/run-plugin.js';
import { makeTempDir } from '../lib/ml/fixtures/synthetic-pairs.js';
import { makePolicyFixture } from './ppo-fixtures.js';

const metricNames = ['objective/kl', 'objective/rlhf_reward', 'objective/scores', 'objective/kl_coef', 'policy/approxkl_avg', 'policy/clipfrac_avg', 'val/ratio', 'loss/policy_avg', 'loss/value_avg'];

async function waitFor(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('steps/ppo as a subprocess', function () {
  this.timeout(150_000);
  before(async () => {
    await initBackend('auto');
  });

  it('logs TRL metric names per step, and after SIGTERM resumes from its checkpoint instead of restarting', async () => {
    const dir = makeTempDir('ppo-resume');
    const fx = await makePolicyFixture(dir);
    const inputs = { policy_dir: fx.policyDir, reward_model: fx.rmDir, prompts: fx.promptsFile, steps: 24, batch_size: 4, ppo_epochs: 2, length_min: 3, length_max: 6 };
    const run = writeRequest({ plugin: 'ppo', dir, inputs });
    const first = startPlugin('ppo', run);
    let exited = false;
    void first.then(() => (exited = true));
    const stepsSeen = () => readEvents(run).filter((e) => e.type === 'metric' && e.name === 'objective/kl').map((e) => e.step as number);
    await waitFor(() => stepsSeen().length >= 2 || exited, 'two PPO steps');
    assert.ok(!exited, 'the run should still be going after two steps');
    first.kill('SIGTERM');
    const ended = await first;
    assert.equal(ended.exitCode, 143, `expected exit 143 after SIGTERM, got ${ended.exitCode}: ${ended.all}`);
    assert.equal(getResult(run), undefined, 'a terminated run reports no result');
    const state = JSON.parse(readFileSync(join(run.outputDir, 'checkpoint', 'state.json'), 'utf8')) as { step: number };
    const before = stepsSeen();
    assert.equal(state.step, Math.max(...before), 'the checkpoint holds the last finished step');
    assert.ok(state.step >= 2 && state.step < 24, `stopped mid-way (step ${state.step})`);

    const second = await startPlugin('ppo', run);
    assert.equal(second.exitCode, 0, second.all);
    const result = getResult(run)!;
    assert.equal(result.resumed_from, state.step);
    assert.equal(result.steps, 24);
    const after = stepsSeen().slice(before.length);
    assert.equal(after[0], state.step + 1, 'the step counter continues');
    assert.deepEqual(after, Array.from({ length: 24 - state.step }, (_, i) => state.step + 1 + i));
    const lastStep = readEvents(run).filter((e) => e.type === 'metric' && e.step === 24).map((e) => e.name);
    for (const name of metricNames) assert.ok(lastStep.includes(name), `metric ${name} at step 24`);
    assert.equal(loadPolicy(result.policy_dir as string).config.kind, 'policy-lm');
  });

  it('a missing policy folder fails in one line without a stack trace', async () => {
    const dir = makeTempDir('ppo-bad');
    const fx = await makePolicyFixture(dir);
    const run = writeRequest({ plugin: 'ppo', dir, inputs: { policy_dir: join(dir, 'nope'), reward_model: fx.rmDir, prompts: fx.promptsFile } });
    const proc = await startPlugin('ppo', run);
    assert.equal(proc.exitCode, 2);
    assert.match(proc.all, /not a policy folder \(no config\.json\); pass the policy_dir output of train-sft/);
    assert.doesNotMatch(proc.all, /\n\s+at /);
    assert.ok(!existsSync(join(run.outputDir, 'checkpoint')));
  });

  it('the manifest points at the compiled entry', async () => {
    const manifest = readFileSync(join(projectRoot, 'steps/plugins/ppo/plugin.yaml'), 'utf8');
    assert.match(manifest, /command: \[node, \.\.\/\.\.\/\.\.\/dist\/steps\/plugins\/ppo\/main\.js\]/);
    assert.ok(existsSync(join(projectRoot, 'dist/steps/plugins/ppo/main.js')));
    await execa(process.execPath, ['--check', join(projectRoot, 'dist/steps/plugins/ppo/main.js')]);
  });
});
