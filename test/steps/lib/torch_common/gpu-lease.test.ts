import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { discoverDevices } from '../../../../engine/devices/discover-devices.js';
import { makeTempDir, projectRoot } from '../../sdk-py/python-step.js';
import { getTorchPython } from './torch-helpers.js';

function hasTorchCuda(python: string): boolean {
  try {
    return execFileSync(python, ['-c', 'import torch; print(torch.cuda.is_available())'], { encoding: 'utf8' }).trim() === 'True';
  } catch {
    return false;
  }
}

// Runs only on a machine with an NVIDIA GPU (a device machine); CI and the dev VM have none.
describe('a real GPU: nvidia-smi discovery → lease → CUDA_VISIBLE_DEVICES → torch on CUDA', function () {
  for (const model of ['bag', 'linear']) {
    it(`trains (token dropout on) and evaluates a torch ${model} RM on the leased GPU (backend cuda fails without the lease)`, async function () {
      const found = discoverDevices({ env: {} });
      const python = getTorchPython();
      if (found.source !== 'nvidia-smi' || !python || !hasTorchCuda(python)) {
        console.log('      skipped: needs nvidia-smi listing a GPU and a python3 whose torch sees CUDA (a GPU machine)');
        this.skip();
      }
      const runDir = makeTempDir('torch-gpu-runs');
      const cli = join(projectRoot, 'dist', 'engine', 'cli', 'main.js');
      const workflow = join(projectRoot, 'test', 'fixtures', 'workflows', 'g-torch-gpu.yaml');
      const { SER_FLOW_GPUS: _ignored, CUDA_VISIBLE_DEVICES: _unset, ...env } = process.env;
      const run = await execa(process.execPath, [cli, 'run', workflow, '--set', `model=${model}`, '--run-dir', runDir], { cwd: projectRoot, env, extendEnv: false, reject: false, all: true });
      assert.equal(run.exitCode, 0, run.all);
      const [runId] = readdirSync(runDir).filter((name) => !name.startsWith('.'));
      const outputs = (state: string) => (JSON.parse(readFileSync(join(runDir, runId, 'steps', state, '0', 'result.json'), 'utf8')) as { outputs: Record<string, unknown> }).outputs;
      const gpuName = found.devices[0]!.name!;
      for (const state of ['train', 'evaluate']) {
        assert.equal(outputs(state).backend, 'torch-cuda', `${state} ran on CUDA`);
        assert.match(String(outputs(state).device), new RegExp(`^cuda:0 ${gpuName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`), `${state}: ${String(outputs(state).device)}`);
      }
      const accuracy = outputs('evaluate').accuracy as number;
      assert.ok(accuracy > 0.7, `a generated-task RM trained on the GPU learns the task (accuracy ${accuracy}; 0.81 / 0.785 on CPU)`);
    });
  }
});
