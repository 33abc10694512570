import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { makeTempDir, projectRoot } from '../../sdk-py/python-step.js';
import { getTorchPython, hasHfStack, skipWithoutTorch } from './torch-helpers.js';

interface ReloadCheck {
  before: number[];
  after: number[];
  final_loss: number;
  config: Record<string, unknown>;
  files: string[];
}

function runReloadCheck(python: string, kind: string): ReloadCheck {
  const script = join(projectRoot, 'test', 'steps', 'lib', 'torch_common', 'fixtures', 'reload_check.py');
  const out = execFileSync(python, [script, kind, makeTempDir(`reload-${kind}`)], { encoding: 'utf8', env: { ...process.env, CUDA_VISIBLE_DEVICES: '' } });
  return JSON.parse(out.trim().split('\n').at(-1)!) as ReloadCheck;
}

describe('torch reward models: train, save model/, reload, identical scores', function () {
  for (const kind of ['bag', 'linear', 'transformer'] as const) {
    it(`${kind}: the reloaded model scores exactly as the trained one`, function () {
      const python = getTorchPython();
      if (!python) {
        console.log(`      skipped: ${skipWithoutTorch}`);
        this.skip();
      }
      const check = runReloadCheck(python, kind);
      assert.ok(Number.isFinite(check.final_loss));
      assert.deepEqual(check.after, check.before);
      assert.deepEqual(check.files, ['config.json', 'vocab.json', 'weights.bin']);
      assert.equal(check.config.architecture, kind);
    });
  }

  it('hf: a tiny local Llama with LoRA trains an epoch; adapter + score head reload with identical scores', function () {
    const python = getTorchPython();
    if (!python || !hasHfStack(python)) {
      console.log('      skipped: needs torch, transformers, peft and tokenizers in one python3 (pip install transformers peft)');
      this.skip();
    }
    const check = runReloadCheck(python, 'hf');
    assert.ok(Number.isFinite(check.final_loss));
    for (let i = 0; i < check.before.length; i++) assert.ok(Math.abs(check.after[i] - check.before[i]) < 1e-5, `score ${i}: ${check.before[i]} → ${check.after[i]}`);
    assert.ok(new Set(check.before.map((s) => s.toFixed(6))).size > 1, 'scores differ between texts (the head is not constant)');
    assert.ok(check.files.includes('adapter') && check.files.includes('tokenizer'), check.files.join(', '));
    assert.equal(check.config.architecture, 'hf');
    assert.deepEqual((check.config.lora as { r: number }).r, 8);
  });
});
