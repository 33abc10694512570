import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getResult, makeTempDir, runStep, startStep, waitForEvent, type StepRun } from '../../sdk-py/python-step.js';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { projectRoot } from '../../sdk-py/python-step.js';
import { getPluginArgv, getTorchPython, makeSyntheticPairs, readJsonl, skipWithoutTorch, writeJsonl } from './torch-helpers.js';

/** Result outputs must satisfy the step's shared output schema (the engine rejects them otherwise). */
function assertValidOutputs(step: string, outputs: Record<string, unknown>): void {
  const schema = JSON.parse(readFileSync(join(projectRoot, 'schemas', 'steps', `${step}.outputs.schema.json`), 'utf8')) as object;
  const validate = new Ajv({ strict: false }).compile(schema);
  assert.ok(validate(outputs), `${step} outputs ${JSON.stringify(outputs)}: ${JSON.stringify(validate.errors)}`);
}

describe('torch model steps through the plugin protocol (train-rm, score-pairs, evaluate-rm)', function () {
  let dir: string;
  let train: StepRun;
  let modelDir: string;

  before(async function () {
    if (!getTorchPython()) {
      console.log(`      skipped: ${skipWithoutTorch}`);
      this.skip();
    }
    dir = makeTempDir('torch-steps');
    writeJsonl(join(dir, 'train.jsonl'), makeSyntheticPairs(600, 1));
    writeJsonl(join(dir, 'dev.jsonl'), makeSyntheticPairs(150, 2, 'd'));
    writeJsonl(join(dir, 'test.jsonl'), makeSyntheticPairs(300, 3, 't'));
    train = await runStep({
      argv: getPluginArgv('train-rm'),
      inputs: { train: join(dir, 'train.jsonl'), dev: join(dir, 'dev.jsonl'), model: 'bag', epochs: 4, lr: 0.01, dim: 32, hidden: 32, vocab_size: 200 },
      outputDir: join(dir, 'train'),
    });
    modelDir = join(dir, 'train', 'model');
  });

  it('train-rm writes model/ (config.json says implementation torch) and reports the result outputs', () => {
    assert.equal(train.exitCode, 0, train.stderr);
    const outputs = getResult(train);
    assert.equal(outputs.model, modelDir);
    assert.equal(outputs.implementation, 'torch');
    assert.equal(outputs.backend, 'torch-cpu');
    assert.match(String(outputs.device), /^cpu/);
    assert.equal(outputs.train_pairs, 600);
    assert.ok((outputs.dev_accuracy as number) > 0.75, `dev accuracy ${outputs.dev_accuracy}`);
    assert.ok((outputs.pairs_per_second as number) > 0);
    assertValidOutputs('train-rm', outputs);
    const config = JSON.parse(readFileSync(join(modelDir, 'config.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual([config.format, config.implementation, config.architecture], ['ser-flow-reward-model', 'torch', 'bag']);
    assert.ok(existsSync(join(modelDir, 'weights.bin')) && existsSync(join(modelDir, 'vocab.json')));
    assert.ok(!existsSync(join(dir, 'train', 'checkpoint.pt')), 'the checkpoint is removed after success');
    const metrics = train.events.filter((e) => e.type === 'metric').map((e) => e.name);
    assert.deepEqual(metrics.filter((n) => n === 'train_loss').length, 4);
  });

  it('evaluate-rm measures test accuracy, ties and reward statistics', async () => {
    const run = await runStep({ argv: getPluginArgv('evaluate-rm'), inputs: { model: modelDir, test: join(dir, 'test.jsonl') } });
    assert.equal(run.exitCode, 0, run.stderr);
    const outputs = getResult(run);
    // 10 % of the labels are flipped, so ~0.9 is the ceiling.
    assert.ok((outputs.accuracy as number) > 0.75 && (outputs.accuracy as number) <= 0.97, `accuracy ${outputs.accuracy}`);
    assert.ok((outputs.accuracy_ties_correct as number) >= (outputs.accuracy as number));
    assert.ok((outputs.margin as number) > 0);
    assert.ok((outputs.reward_std as number) > 0);
    assert.equal(outputs.admitted, undefined, 'admitted is reported only when admitted files are given');
    // The length-only baseline as the TF.js implementation computes it: characters, a tie counts 0.5.
    const test = readJsonl<{ chosen: string; rejected: string }>(join(dir, 'test.jsonl'));
    const lengthScore = test.reduce((sum, p) => sum + (p.chosen.length > p.rejected.length ? 1 : p.chosen.length === p.rejected.length ? 0.5 : 0), 0);
    assert.ok(Math.abs((outputs.length_accuracy as number) - lengthScore / test.length) < 1e-12, `length_accuracy ${outputs.length_accuracy}`);
    assertValidOutputs('evaluate-rm', outputs);
  });

  it('evaluate-rm scores admitted pseudo-labels against the hidden labels', async () => {
    const pool = makeSyntheticPairs(20, 9, 'q');
    writeJsonl(join(dir, 'pool.jsonl'), pool.map((p, i) => ({ id: p.id, prompt: p.prompt, a: i % 2 ? p.chosen : p.rejected, b: i % 2 ? p.rejected : p.chosen })));
    writeJsonl(join(dir, 'pool-labels.jsonl'), pool.map((p, i) => ({ id: p.id, label: i % 2 ? 'a' : 'b' })));
    // 8 admitted: 6 agree with the human label, 2 are swapped.
    const admitted = pool.slice(0, 8).map((p, i) => (i < 6 ? p : { ...p, chosen: p.rejected, rejected: p.chosen }));
    writeJsonl(join(dir, 'admitted.jsonl'), admitted);
    const run = await runStep({
      argv: getPluginArgv('evaluate-rm'),
      inputs: { model: modelDir, test: join(dir, 'test.jsonl'), admitted: join(dir, 'admitted.jsonl'), hidden_labels: join(dir, 'pool-labels.jsonl'), pool: join(dir, 'pool.jsonl') },
    });
    assert.equal(run.exitCode, 0, run.stderr);
    const outputs = getResult(run);
    assert.equal(outputs.admitted, 8);
    assert.equal(outputs.pseudo_label_precision, 6 / 8);
    const lengthDiff = admitted.reduce((sum, p) => sum + p.chosen.length - p.rejected.length, 0) / admitted.length;
    assert.ok(Math.abs((outputs.length_diff as number) - lengthDiff) < 1e-9, `length_diff ${outputs.length_diff}, expected ${lengthDiff} (characters)`);
    assertValidOutputs('evaluate-rm', outputs);
  });

  it('score-pairs writes scores.jsonl {id, r_a, r_b, p_a, p_b} with p = σ(r)', async () => {
    const pool = makeSyntheticPairs(50, 4, 'u').map((p) => ({ id: p.id, prompt: p.prompt, a: p.chosen, b: p.rejected }));
    writeJsonl(join(dir, 'pool-u.jsonl'), pool);
    const run = await runStep({ argv: getPluginArgv('score-pairs'), inputs: { model: modelDir, pairs: join(dir, 'pool-u.jsonl') } });
    assert.equal(run.exitCode, 0, run.stderr);
    const outputs = getResult(run);
    assert.equal(outputs.count, 50);
    assertValidOutputs('score-pairs', outputs);
    const scores = readJsonl<{ id: string; r_a: number; r_b: number; p_a: number; p_b: number }>(outputs.scores as string);
    assert.deepEqual(scores.map((s) => s.id), pool.map((p) => p.id));
    for (const s of scores) {
      assert.ok(Math.abs(s.p_a - 1 / (1 + Math.exp(-s.r_a))) < 1e-9);
      assert.ok(Math.abs(s.p_b - 1 / (1 + Math.exp(-s.r_b))) < 1e-9);
    }
    assert.ok(scores.filter((s) => s.r_a > s.r_b).length > 35, 'the better answers (a) mostly score higher');
  });

  it('refuses a model made by an implementation it cannot load, saying which to use', async () => {
    const foreign = join(dir, 'foreign-model');
    mkdirSync(foreign, { recursive: true });
    writeFileSync(join(foreign, 'config.json'), JSON.stringify({ format: 'ser-flow-reward-model', version: 1, implementation: 'jax', architecture: 'bag' }));
    const run = await runStep({ argv: getPluginArgv('score-pairs'), inputs: { model: foreign, pairs: join(dir, 'pool-u.jsonl') } });
    assert.equal(run.exitCode, 2);
    assert.match(run.stderr, /made by implementation 'jax'.*Fix: use `implementation: jax`/);
    assert.ok(!run.stderr.includes('Traceback'));
    assert.ok(!existsSync(join(run.outputDir, 'scores.jsonl')));
  });

  it('trains with token_dropout (still learns; the same seed gives the same model) and refuses it for hf', async () => {
    const inputs = { train: join(dir, 'train.jsonl'), dev: join(dir, 'dev.jsonl'), model: 'bag', epochs: 4, lr: 0.01, dim: 32, hidden: 32, vocab_size: 200, token_dropout: 0.5 };
    const runs = [await runStep({ argv: getPluginArgv('train-rm'), inputs }), await runStep({ argv: getPluginArgv('train-rm'), inputs })];
    for (const run of runs) assert.equal(run.exitCode, 0, run.stderr);
    const [a, b] = runs.map((run) => getResult(run));
    assert.ok((a.dev_accuracy as number) > 0.75, `dev accuracy ${a.dev_accuracy}`);
    assert.equal(a.final_loss, b.final_loss);
    assert.notEqual(a.final_loss, getResult(train).final_loss, 'dropout changes training');
    const hf = await runStep({ argv: getPluginArgv('train-rm'), inputs: { train: join(dir, 'train.jsonl'), model: 'hf', base_model: dir, token_dropout: 0.1 } });
    assert.equal(hf.exitCode, 2);
    assert.match(hf.stderr, /input `token_dropout` applies to the word-level models \(bag, linear, transformer\), not hf; set it to 0/);
  });

  it('reports a bad train file as file:line without a traceback', async () => {
    writeFileSync(join(dir, 'broken.jsonl'), '{"id": "a", "prompt": "p", "chosen": "c", "rejected": "r"}\n{"id": "b", "prompt": "p"}\n');
    const run = await runStep({ argv: getPluginArgv('train-rm'), inputs: { train: join(dir, 'broken.jsonl') } });
    assert.equal(run.exitCode, 2);
    assert.match(run.stderr, /broken\.jsonl:2: input `train` line lacks chosen, rejected/);
    assert.ok(!existsSync(join(run.outputDir, 'model')));
  });

  it('backend cuda without a visible CUDA device fails with the lease fix (CUDA_VISIBLE_DEVICES is empty here)', async () => {
    const run = await runStep({ argv: getPluginArgv('score-pairs'), inputs: { model: modelDir, pairs: join(dir, 'pool-u.jsonl'), backend: 'cuda' } });
    assert.equal(run.exitCode, 2);
    assert.match(run.stderr, /backend 'cuda' asks for CUDA but torch .* sees no CUDA device \(CUDA_VISIBLE_DEVICES=''\)\. Fix: give the state `resources: \{gpus: 1\}`/);
  });

  it('checkpoints on SIGTERM (exit 143) and the next attempt resumes from the checkpoint', async () => {
    const outputDir = join(dir, 'resume');
    const inputs = { train: join(dir, 'train.jsonl'), model: 'bag', epochs: 400, batch_size: 8, dim: 16, hidden: 16, vocab_size: 100 };
    const first = startStep({ argv: getPluginArgv('train-rm'), inputs, outputDir });
    await waitForEvent(first.eventsFile, (e) => e.type === 'metric' && e.name === 'train_loss');
    first.child.kill('SIGTERM');
    const stopped = await first.finish();
    assert.equal(stopped.exitCode, 143, stopped.stderr);
    assert.ok(existsSync(join(outputDir, 'checkpoint.pt')));
    assert.ok(!stopped.events.some((e) => e.type === 'result'));
    const second = startStep({ argv: getPluginArgv('train-rm'), inputs: { ...inputs, epochs: 400 }, outputDir });
    await waitForEvent(second.eventsFile, (e) => e.type === 'log' && /resuming from .*checkpoint\.pt at epoch (\d+)/.test(String(e.message)));
    second.child.kill('SIGTERM');
    assert.equal((await second.finish()).exitCode, 143);
  });
});

describe('torch plugin manifests', () => {
  for (const step of ['train-rm', 'score-pairs', 'evaluate-rm']) {
    it(`${step}: same name and the same input/output schema files as the TF.js manifest, implementation torch`, function () {
      const tfjsManifest = join(projectRoot, 'steps', step, 'plugin.yaml');
      if (!existsSync(tfjsManifest)) {
        console.log(`      skipped: ${tfjsManifest} does not exist yet`);
        this.skip();
      }
      const read = (file: string) => parse(readFileSync(file, 'utf8')) as { name: string; implementation: string; inputs: { $ref: string }; outputs: { $ref: string } };
      const tfjs = read(tfjsManifest);
      const torch = read(join(projectRoot, 'steps', `${step}-torch`, 'plugin.yaml'));
      assert.equal(torch.name, tfjs.name);
      assert.deepEqual([tfjs.implementation, torch.implementation], ['tfjs', 'torch']);
      // Both folders sit in steps/, so equal relative refs are the same files.
      assert.equal(torch.inputs.$ref, tfjs.inputs.$ref);
      assert.equal(torch.outputs.$ref, tfjs.outputs.$ref);
      assert.ok(existsSync(join(projectRoot, 'steps', step, torch.inputs.$ref)));
    });
  }
});
