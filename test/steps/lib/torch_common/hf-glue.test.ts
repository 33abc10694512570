import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getResult, makeTempDir, projectRoot, runStep } from '../../sdk-py/python-step.js';
import { getPluginArgv, getTorchPython, hasHfStack, makeSyntheticPairs, skipWithoutTorch, writeJsonl } from './torch-helpers.js';

const fakeHf = join(projectRoot, 'test', 'steps', 'lib', 'torch_common', 'fixtures', 'fake_hf');

describe('torch train-rm model: hf', function () {
  it('without transformers, fails in one line naming the package and the alternatives', async function () {
    const python = getTorchPython();
    if (!python || hasHfStack(python)) {
      console.log(`      skipped: ${python ? 'transformers is installed here' : skipWithoutTorch}`);
      this.skip();
    }
    const dir = makeTempDir('hf-missing');
    writeJsonl(join(dir, 'train.jsonl'), makeSyntheticPairs(8, 1));
    const run = await runStep({ argv: getPluginArgv('train-rm'), inputs: { train: join(dir, 'train.jsonl'), model: 'hf', base_model: dir } });
    assert.equal(run.exitCode, 2);
    assert.match(run.stderr.trim(), /^model: hf needs the Python package transformers .*Fix: pip install transformers peft, or use model: bag/);
  });

  it('glue, with stand-ins for transformers/peft: pad token, right padding, score head saved with the adapter, reload', async function () {
    if (!getTorchPython()) {
      console.log(`      skipped: ${skipWithoutTorch}`);
      this.skip();
    }
    const dir = makeTempDir('hf-glue');
    const base = join(dir, 'base');
    mkdirSync(base);
    writeJsonl(join(dir, 'train.jsonl'), makeSyntheticPairs(64, 1));
    writeJsonl(join(dir, 'dev.jsonl'), makeSyntheticPairs(64, 2, 'd'));
    const log = join(dir, 'calls.jsonl');
    const env = { PYTHONPATH: fakeHf, FAKE_HF_LOG: log };
    const train = await runStep({
      argv: getPluginArgv('train-rm'),
      inputs: { train: join(dir, 'train.jsonl'), dev: join(dir, 'dev.jsonl'), model: 'hf', base_model: base, epochs: 3, lr: 0.05, batch_size: 16, max_len: 64 },
      env,
    });
    assert.equal(train.exitCode, 0, train.stderr);
    const trained = getResult(train);
    const modelDir = trained.model as string;
    assert.ok(existsSync(join(modelDir, 'adapter')) && existsSync(join(modelDir, 'tokenizer')));
    const config = JSON.parse(readFileSync(join(modelDir, 'config.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual([config.architecture, config.implementation, config.base_model], ['hf', 'torch', base]);
    assert.deepEqual(config.lora, { r: 8, alpha: 32, dropout: 0.1 });
    assert.equal(JSON.parse(readFileSync(join(modelDir, 'tokenizer', 'tokenizer.json'), 'utf8')).padding_side, 'right');

    const evaluate = await runStep({ argv: getPluginArgv('evaluate-rm'), inputs: { model: modelDir, test: join(dir, 'dev.jsonl') }, env });
    assert.equal(evaluate.exitCode, 0, evaluate.stderr);
    // The reloaded model (base + adapter + saved head) reproduces the in-training dev accuracy.
    assert.equal(getResult(evaluate).accuracy, trained.dev_accuracy);

    const calls = readFileSync(log, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
    const lora = calls.find((c) => c.event === 'lora')!;
    assert.deepEqual([lora.task_type, lora.r, lora.alpha, lora.dropout, lora.modules_to_save], ['SEQ_CLS', 8, 32, 0.1, ['score']]);
    assert.ok(calls.filter((c) => c.event === 'model' || c.event === 'tokenizer').every((c) => c.local_files_only === true), 'no download');
    assert.deepEqual(calls.filter((c) => c.event === 'peft_load').map((c) => c.is_trainable), [false], 'scoring loads the adapter frozen');
  });
});
