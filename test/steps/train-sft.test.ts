import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadModel } from '../../steps/ml/io/model-files.js';
import { initBackend } from '../../steps/ml/backend/init-backend.js';
import { loadPolicyWithCodec } from '../../steps/ml/policy/load-policy-codec.js';
import { getResult, readEvents, startPlugin, writeRequest } from '../ml/fixtures/run-plugin.js';
import { makeTempDir, writeJsonl } from '../ml/fixtures/synthetic-pairs.js';
import { makePolicyFixture } from './ppo-fixtures.js';

describe('steps/train-sft as a subprocess', function () {
  this.timeout(120_000);
  before(async () => {
    await initBackend('auto');
  });

  it('learns prompt → response (loss falls), shares the RM tokenizer, and writes a loadable policy', async () => {
    const dir = makeTempDir('train-sft');
    const fx = await makePolicyFixture(dir);
    // Every response repeats the prompt's first word then "good": learnable from the context window.
    // "omega" is outside the RM's vocabulary: an [UNK] target the policy can't emit, so it is not trained on.
    const rows = Array.from({ length: 48 }, (_, i) => {
      const w = ['alpha', 'beta', 'gamma', 'delta'][i % 4]!;
      return { id: `s${i}`, prompt: `${w} eta?`, response: `${w} good omega ${w} good` };
    });
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
    assert.equal(proc.exitCode, 1);
    assert.match(proc.all, /sft\.jsonl:2: field 'response' must be a string, found nothing \(sft\.jsonl lines are \{id, prompt, response\}\)/);
    assert.doesNotMatch(proc.all, /\n\s+at /);
    assert.ok(!existsSync(join(run.outputDir, 'policy')));
  });
});
