import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { makeTempDir, projectRoot } from '../../sdk-py/python-step.js';
import { getTorchPython, skipWithoutTorch } from './torch-helpers.js';

interface StepResult {
  plugin: { name: string; implementation?: string };
  outputs: Record<string, unknown>;
}

describe('workflows/ser.yaml with --set impl=torch (CPU, end to end)', function () {
  it('runs prepare → seed RM → score → select → retrain → evaluate with the torch model steps', async function () {
    const cli = join(projectRoot, 'dist', 'engine', 'cli', 'main.js');
    const workflow = join(projectRoot, 'workflows', 'ser.yaml');
    if (!getTorchPython() || !existsSync(cli) || !existsSync(workflow)) {
      console.log(`      skipped: ${getTorchPython() ? 'the engine CLI or workflows/ser.yaml is missing' : skipWithoutTorch}`);
      this.skip();
    }
    const runDir = makeTempDir('ser-torch-runs');
    // tau_delta near 0 admits almost the whole pool, so the retrain and evaluate states run too.
    const sets = ['impl=torch', 'generated_pairs=300', 'max_loops=1', 'tau_delta=0.001', 'epochs=2'].flatMap((s) => ['--set', s]);
    const run = await execa(process.execPath, [cli, 'run', workflow, ...sets, '--run-dir', runDir], { cwd: projectRoot, reject: false, all: true });
    const [runId] = readdirSync(runDir).filter((name) => !name.startsWith('.'));
    const resultFile = (state: string) => join(runDir, runId, 'steps', state, '0', 'result.json');
    const result = (state: string) => JSON.parse(readFileSync(resultFile(state), 'utf8')) as StepResult;
    for (const state of ['seed_rm[0]', 'evaluate_seed', 'score[0]', 'retrain[0]', 'evaluate']) {
      assert.ok(existsSync(resultFile(state)), `${state} did not finish:\n${run.all}`);
      assert.equal(result(state).plugin.implementation, 'torch', `${state} ran the torch plugin`);
    }
    const config = JSON.parse(readFileSync(join(String(result('retrain[0]').outputs.model), 'config.json'), 'utf8')) as { implementation: string };
    assert.equal(config.implementation, 'torch');
    const evaluate = result('evaluate').outputs;
    assert.ok((evaluate.admitted as number) > 0, 'the loop admitted pseudo-labels');
    assert.equal(typeof evaluate.pseudo_label_precision, 'number');
    assert.ok((evaluate.accuracy as number) >= 0 && (evaluate.accuracy as number) <= 1);
    // The tfjs-only policy states after the loop (train-sft, ppo) read the torch-made RM: same model format.
    assert.equal(run.exitCode, 0, run.all);
  });
});
