import assert from 'node:assert/strict';
import { join } from 'node:path';
import { execa } from 'execa';
import type { DoctorReport } from '../../../engine/cli/doctor.js';
import { projectRoot } from '../../steps/sdk-py/python-step.js';
import { getTorchPython } from '../../steps/lib/torch_common/torch-helpers.js';

const cli = join(projectRoot, 'dist', 'engine', 'cli', 'main.js');

async function runDoctor(args: string[], env: Record<string, string> = {}) {
  return execa(process.execPath, [cli, 'doctor', ...args], { cwd: projectRoot, reject: false, env });
}

describe('ser-flow doctor', () => {
  it('--json lists node, TF.js backends, Pythons, GPUs and implementations, and exits 0', async () => {
    const run = await runDoctor(['--json']);
    assert.equal(run.exitCode, 0, run.stderr);
    const report = JSON.parse(run.stdout) as DoctorReport;
    const groups = new Set(report.checks.map((c) => c.group));
    assert.deepEqual([...groups].sort(), ['gpu', 'implementation', 'node', 'python', 'tfjs']);
    assert.deepEqual(report.checks.filter((c) => c.group === 'tfjs').map((c) => c.name), ['node-gpu', 'node', 'wasm', 'cpu']);
    for (const check of report.checks.filter((c) => c.group === 'tfjs' && !c.ok)) {
      assert.doesNotMatch(check.detail, /ERR_MODULE_NOT_FOUND|imported from/, `${check.name}: a missing package is said plainly, not as a loader error`);
    }
    const wasm = report.checks.find((c) => c.name === 'wasm')!;
    assert.equal(wasm.ok, true, 'the wasm backend is a dependency of the project');
    for (const check of report.checks) if (!check.ok) assert.ok(check.fix, `${check.name} is missing but has no fix hint`);
    const torch = report.checks.find((c) => c.group === 'implementation' && c.name === 'torch')!;
    assert.equal(torch.ok, getTorchPython() !== null);
    if (torch.ok) assert.ok(report.torchPython && report.pythons.some((p) => p.path === report.torchPython && p.torch));
  });

  it('reports an unusable SER_FLOW_PYTHON as missing torch with a fix, still exiting 0', async () => {
    const run = await runDoctor([], { SER_FLOW_PYTHON: '/bin/false' });
    assert.equal(run.exitCode, 0, run.stderr);
    assert.match(run.stdout, /MISSING \/bin\/false: does not run/);
    assert.match(run.stdout, /MISSING torch: no Python with torch\n\s+fix: apt-get install python3-torch/);
    assert.match(run.stdout, /torch plugins run with: none/);
  });
});
