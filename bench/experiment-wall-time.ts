// #12: the seeds × methods experiment in one command against the three workflows run one by one.
// 1. `ser-flow run workflows/ser-experiment.yaml --set seeds=N` (a grid: the cache shares prepare and the seed
//    RM between a seed's trials) in a fresh runs folder; its table is printed as the experiment prints it.
// 2. seed-only.yaml, ser.yaml and full-labels.yaml for seeds 1..N, one run at a time, each into a fresh runs
//    folder (so no cache), with the same params; tail skipped in both.
// Prints both wall times and one ÷ the other. Default data: HH-RLHF harmless with the README's HH configuration
// and the quality bench's HH split (20 % test, no dev, SFT or PPO share) when ../shared is here, else generated.
// Usage: node dist/bench/experiment-wall-time.js [--seeds 10] [--generated] [--set k=v …]
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { getProjectRoot } from '../engine/load/project-root.js';

const root = getProjectRoot();
const seedsArg = process.argv.indexOf('--seeds');
const seeds = seedsArg >= 0 ? Number(process.argv[seedsArg + 1]) : 10;
const HH = '../shared/data/hh-rlhf/harmless-base/test.jsonl.gz';
const useHh = !process.argv.includes('--generated') && existsSync(join(root, HH));
const HH_SETS = [
  `dataset=${HH}`, 'model=linear', 'lr=0.01', 'epochs=4', 'token_dropout=0', 'max_len=256', 'dim=100', 'ensemble_model=bag', 'ensemble_lr=0.001',
  'ensemble_epochs=2', 'tau_high=0.55', 'tau_low=0.45', 'tau_delta=0.3', 'sft_ratio=0', 'ppo_ratio=0', 'rm_ratio=1', 'test_fraction=0.2', 'dev_fraction=0',
  'split_by=pair',
];
const extra = process.argv.flatMap((arg, i) => (process.argv[i - 1] === '--set' ? [arg] : []));
const common = [...(useHh ? HH_SETS : []), 'rm_only=true', ...extra];

async function timeRun(workflow: string, set: string[], print = false): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'experiment-bench-'));
  try {
    const started = performance.now();
    const run = await execa(process.execPath, [join(root, 'dist/engine/cli/main.js'), 'run', workflow, '--run-dir', dir, ...set.flatMap((s) => ['--set', s])], { cwd: root, reject: false, all: true });
    if (run.exitCode !== 0) throw new Error(`${workflow} ${set.join(' ')} failed (exit ${run.exitCode}):\n${run.all?.split('\n').slice(-20).join('\n')}`);
    if (print) console.log(run.all?.slice(run.all.lastIndexOf('\nexperiment')));
    return (performance.now() - started) / 1000;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`data: ${useHh ? 'HH-RLHF harmless (README HH configuration, 20 % test)' : 'generated'}; ${seeds} seeds; ${availableParallelism()} cores`);
const experiment = await timeRun('workflows/ser-experiment.yaml', [...common, `seeds=${seeds}`], true);
console.log(`experiment: ${experiment.toFixed(0)} s`);
let oneByOne = 0;
for (let seed = 1; seed <= seeds; seed++) {
  for (const workflow of ['seed-only', 'ser', 'full-labels']) oneByOne += await timeRun(`workflows/${workflow}.yaml`, [...common, `seed=${seed}`]);
}
console.log(`one by one: ${oneByOne.toFixed(0)} s`);
console.log(`RESULT experiment-wall-time: experiment ${experiment.toFixed(0)} s, one by one ${oneByOne.toFixed(0)} s, ratio ${(oneByOne / experiment).toFixed(2)}×`);
