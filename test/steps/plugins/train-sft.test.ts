import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadModel } from '../../../steps/lib/ml/io/model-files.js';
import { initBackend } from '../../../steps/lib/ml/backend/init-backend.js';
import { loadPolicyWithCodec } from '../../../steps/lib/ml/policy/load-policy-codec.js';
import { getResult, readEvents, startPlugin, writeRequest, type PluginRun } from '../lib/ml/fixtures/run-plugin.js';
import { makeTempDir, writeJsonl } from '../lib/ml/fixtures/synthetic-pairs.js';
import { makePolicyFixture } from './ppo-fixtures.js';

async function waitFor(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The SFT lines of the tests: every response repeats the prompt's first word then "good". */
function makeSftRows(count: number) {
  return Array.from({ length: count }, (_, i) => {
    const w = ['alpha', 'beta', 'gamma', 'delta'][i % 4]!;
    return { id: `s${i}`, prompt: `${w} eta?`, response: `${w} good omega ${w} good` };
  });
}

describe('steps/train-sft as a subprocess', function () {
  this.timeout(120_000);
  before(async () => {
    await initBackend('auto');
  });

  it('learns prompt → response (loss falls), shares the RM tokenizer, and writes a loadable policy', async () => {
    const dir = makeTempDir('train-sft');
    const fx = await makePolicyFixture(dir);
    // Learnable from the context window. "omega" is outside the RM's vocabulary: an [UNK] target the
    // policy can't emit, so it is not trained on.
    const rows = makeSftRows(48);
    const run = writeRequest({
      plugin: 'train-sft',
      dir,
      inputs: { sft: writeJsonl(join(dir, 'sft.jsonl'), rows), tokenizer_from: fx.rmDir, epochs: 25, batch_size: 16, embed_dim: 16, hidden_dim: 32, learning_rate: 0.01 },
    });
    const proc = await startPlugin('train-sft', run);
    assert.equal(proc.exitCode, 0, proc.all);
    const r = getResult(run)!;
    assert.equal(r.examples, 48);
    assert.equal(r.epochs, 25);
    assert.ok((r.final_loss as number) < 0.5 * (r.first_epoch_loss as number), `loss ${r.first_epoch_loss} → ${r.final_loss}`);
    const policy = loadPolicyWithCodec(r.policy_dir as string);
    assert.deepEqual(policy.wordTokenizer.words, loadModel(fx.rmDir).model.tokenizer.words, 'the policy shares the RM tokenizer');
    assert.equal(r.vocab_size, policy.wordTokenizer.words.length);
    assert.ok(readEvents(run).some((e) => e.type === 'metric' && e.name === 'train/epoch_loss'));
  });

  it('a line without a response fails with file:line and the expected shape, and writes no policy', async () => {
    const dir = makeTempDir('train-sft-bad');
    const sft = writeJsonl(join(dir, 'sft.jsonl'), [{ id: 1, prompt: 'a', response: 'b' }, { id: 2, prompt: 'a' }]);
    const run = writeRequest({ plugin: 'train-sft', dir, inputs: { sft } });
    const proc = await startPlugin('train-sft', run);
    assert.equal(proc.exitCode, 2);
    assert.match(proc.all, /sft\.jsonl:2: field 'response' must be a string, found nothing \(sft\.jsonl lines are \{id, prompt, response\}\)/);
    assert.doesNotMatch(proc.all, /\n\s+at /);
    assert.ok(!existsSync(join(run.outputDir, 'policy')));
  });

  it('after SIGTERM mid-epoch it checkpoints, and the rerun continues from that batch to the same weights as an uninterrupted run', async () => {
    const dir = makeTempDir('train-sft-resume');
    const fx = await makePolicyFixture(dir);
    const sft = writeJsonl(join(dir, 'sft.jsonl'), makeSftRows(48));
    const inputs = { sft, tokenizer_from: fx.rmDir, epochs: 30, batch_size: 4, embed_dim: 16, hidden_dim: 32, learning_rate: 0.01 };
    const total = 30 * 12;
    const progressSeen = (run: PluginRun) => readEvents(run).filter((e) => e.type === 'progress').map((e) => e.current as number);

    const run = writeRequest({ plugin: 'train-sft', dir: join(dir, 'interrupted'), inputs });
    const first = startPlugin('train-sft', run);
    let exited = false;
    void first.then(() => (exited = true));
    await waitFor(() => progressSeen(run).length >= 20 || exited, 'twenty SFT batches');
    assert.ok(!exited, 'the run should still be going after twenty batches');
    first.kill('SIGTERM');
    const ended = await first;
    assert.equal(ended.exitCode, 143, `expected exit 143 after SIGTERM, got ${ended.exitCode}: ${ended.all}`);
    assert.equal(getResult(run), undefined, 'a terminated run reports no result');
    assert.ok(!existsSync(join(run.outputDir, 'policy')), 'no policy before training ends');
    const { progress } = JSON.parse(readFileSync(join(run.outputDir, 'checkpoint', 'state.json'), 'utf8')) as { progress: { epoch: number; batch: number } };
    const done = progress.epoch * 12 + progress.batch;
    const before = progressSeen(run);
    assert.equal(done, Math.max(...before), 'the checkpoint holds the last finished batch');
    assert.ok(done >= 20 && done < total, `stopped mid-way (batch ${done})`);

    const second = await startPlugin('train-sft', run);
    assert.equal(second.exitCode, 0, second.all);
    const resumed = getResult(run)!;
    assert.equal(resumed.resumed_from, done);
    assert.equal(progressSeen(run).slice(before.length)[0], done + 1, 'the batch counter continues');

    const fresh = writeRequest({ plugin: 'train-sft', dir: join(dir, 'fresh'), inputs });
    assert.equal((await startPlugin('train-sft', fresh)).exitCode, 0);
    const reference = getResult(fresh)!;
    assert.equal(reference.resumed_from, 0);
    assert.equal(resumed.first_epoch_loss, reference.first_epoch_loss);
    assert.equal(resumed.final_loss, reference.final_loss);
    const weights = (r: Record<string, unknown>) => readFileSync(join(r.policy_dir as string, 'weights.bin'));
    assert.ok(weights(resumed).equals(weights(reference)), 'resumed training ends at the same weights');
  });
});
