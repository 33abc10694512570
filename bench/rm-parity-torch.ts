import { getProjectRoot } from '../engine/load/project-root.js';
// Parity bench (not a test): the TF.js and torch bag RMs on the same generated splits and hyperparameters,
// through the real engine (workflows/full-labels.yaml and seed-only.yaml, --set impl=tfjs|torch).
// Prints test accuracy per seed and the mean difference (the acceptance bar is |torch − tfjs| ≤ 2 points).
// Usage: node dist/bench/rm-parity-torch.js [--seeds 3] [--workflows full-labels,seed-only] [--set key=value ...]
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { execa } from 'execa';

const ROOT = getProjectRoot();
const CLI = join(ROOT, 'dist', 'engine', 'cli', 'main.js');

const { values: flags } = parseArgs({
  options: {
    seeds: { type: 'string', default: '3' },
    workflows: { type: 'string', default: 'full-labels,seed-only' },
    set: { type: 'string', multiple: true, default: [] },
  },
});

/** Test accuracy of one run (the `evaluate` state of full-labels, `evaluate_seed`/`evaluate` of seed-only). */
async function runAccuracy(workflow: string, impl: string, seed: number): Promise<{ accuracy: number; seconds: number }> {
  const runDir = mkdtempSync(join(tmpdir(), `parity-${impl}-`));
  const sets = [`impl=${impl}`, `seed=${seed}`, ...(flags.set as string[])].flatMap((s) => ['--set', s]);
  const started = performance.now();
  const run = await execa(process.execPath, [CLI, 'run', join(ROOT, 'workflows', `${workflow}.yaml`), ...sets, '--run-dir', runDir, '--no-cache'], {
    cwd: ROOT,
    reject: false,
    all: true,
  });
  if (run.exitCode !== 0) throw new Error(`${workflow} impl=${impl} seed=${seed} failed (exit ${run.exitCode}):\n${run.all}`);
  const [runId] = readdirSync(runDir).filter((name) => !name.startsWith('.'));
  const states = readdirSync(join(runDir, runId, 'steps')).filter((s) => s.startsWith('evaluate'));
  const state = states.includes('evaluate') ? 'evaluate' : states[0];
  const result = JSON.parse(readFileSync(join(runDir, runId, 'steps', state, '0', 'result.json'), 'utf8')) as { outputs: { accuracy: number } };
  return { accuracy: result.outputs.accuracy, seconds: (performance.now() - started) / 1000 };
}

const seeds = Array.from({ length: Number(flags.seeds) }, (_, i) => i + 1);
console.log(`workflow      seed  tfjs acc  torch acc  diff (pts)  tfjs s  torch s`);
for (const workflow of String(flags.workflows).split(',')) {
  const diffs: number[] = [];
  const pairs: Array<[number, number]> = [];
  for (const seed of seeds) {
    const tfjs = await runAccuracy(workflow, 'tfjs', seed);
    const torch = await runAccuracy(workflow, 'torch', seed);
    const diff = (torch.accuracy - tfjs.accuracy) * 100;
    diffs.push(diff);
    pairs.push([tfjs.accuracy, torch.accuracy]);
    console.log(
      `${workflow.padEnd(13)} ${String(seed).padStart(4)}  ${(tfjs.accuracy * 100).toFixed(2).padStart(8)}  ${(torch.accuracy * 100).toFixed(2).padStart(9)}  ${diff.toFixed(2).padStart(10)}  ${tfjs.seconds.toFixed(0).padStart(6)}  ${torch.seconds.toFixed(0).padStart(7)}`,
    );
  }
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  console.log(
    `${workflow.padEnd(13)} mean  ${(mean(pairs.map((p) => p[0])) * 100).toFixed(2).padStart(8)}  ${(mean(pairs.map((p) => p[1])) * 100).toFixed(2).padStart(9)}  ${mean(diffs).toFixed(2).padStart(10)}`,
  );
}
