// Wall time of the SER main job before and after #11's fan-out, in one invocation on this machine: the old
// ser.yaml (test/fixtures/workflows/ser-before-11.yaml: the ensemble's two RMs train and score one after the
// other) against workflows/ser.yaml (the members train and score at the same time), each in a fresh runs folder
// with --no-cache. First the RM loop alone (rm_only=true: the tail would dilute the figure), then the full job.
// Runs alternate old/new so load drifts hit both; prints each time, the medians and old ÷ new, after what two
// CPU-bound processes at once get from this machine (the ceiling for any two-way parallelism).
// Usage: node dist/bench/parallel-ser.js [--repeat 1] [--no-full]
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { getProjectRoot } from '../engine/load/project-root.js';

const root = getProjectRoot();
const repeatArg = process.argv.indexOf('--repeat');
const repeat = repeatArg >= 0 ? Number(process.argv[repeatArg + 1]) : 1;
const WORKFLOWS = { old: 'test/fixtures/workflows/ser-before-11.yaml', new: 'workflows/ser.yaml' } as const;

async function timeRun(workflow: string, set: string[]): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'parallel-ser-'));
  try {
    const started = performance.now();
    const run = await execa(process.execPath, [join(root, 'dist/engine/cli/main.js'), 'run', workflow, '--no-cache', '--run-dir', dir, ...set.flatMap((s) => ['--set', s])], { cwd: root, reject: false, all: true });
    if (run.exitCode !== 0) throw new Error(`${workflow} failed (exit ${run.exitCode}):\n${run.all?.split('\n').slice(-15).join('\n')}`);
    return (performance.now() - started) / 1000;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function measure(label: string, set: string[]): Promise<void> {
  const times = { old: [] as number[], new: [] as number[] };
  for (let i = 0; i < repeat; i++) {
    for (const which of ['old', 'new'] as const) {
      const seconds = await timeRun(WORKFLOWS[which], set);
      times[which].push(seconds);
      console.log(`${label} ${which} run ${i + 1}: ${seconds.toFixed(1)} s`);
    }
  }
  const ratio = median(times.old) / median(times.new);
  console.log(`RESULT ${label}: old ${median(times.old).toFixed(1)} s, new ${median(times.new).toFixed(1)} s, old/new ${ratio.toFixed(2)}× (median of ${repeat}, ${availableParallelism()} cores)`);
}

/**
 * What two processes at once get from this machine: a fixed CPU-bound loop alone, then two copies at once. On a
 * VM whose vCPUs share physical cores this is well under 2×, and it caps what any two-way parallelism can give.
 */
async function measureMachineScaling(): Promise<void> {
  const spin = ['-e', 'let x = 0; for (let i = 0; i < 3e8; i++) x += i % 7; if (x < 0) console.log(x)'];
  const time = async (copies: number) => {
    const started = performance.now();
    await Promise.all(Array.from({ length: copies }, () => execa(process.execPath, spin)));
    return (performance.now() - started) / 1000;
  };
  const alone = median([await time(1), await time(1), await time(1)]);
  const both = median([await time(2), await time(2), await time(2)]);
  console.log(`RESULT machine: one CPU-bound process ${alone.toFixed(2)} s, two at once ${both.toFixed(2)} s: two-way throughput ${((2 * alone) / both).toFixed(2)}× (the ceiling for running two steps at once here)`);
}

await measureMachineScaling();
await measure('rm-loop', ['rm_only=true']);
if (!process.argv.includes('--no-full')) await measure('full-job', []);
