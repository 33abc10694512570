import { getProjectRoot } from '../engine/load/project-root.js';
// Grid scheduling figures, printed (no assertions):
//  1. makespan: a grid of sleep steps with known durations on 4 simulated GPUs (SER_FLOW_GPUS=0,1,2,3,
//     each step gpus: 1) against the ideal makespan (total work / 4, here also the longest chain), twice:
//     with a `sh` sleep step (nothing to boot: what the engine's scheduling costs) and with the Node.js SDK
//     plugin (plus its own start-up, which 4 steps starting at once on this 2-core machine make ~140 ms).
//  2. per-step overhead: N no-op steps through `ser-flow run` (a grid of N one-step trials, CPU slots =
//     cores) against GNU make running the same no-op step command as N targets with `make -j<cores>`.
// Usage: node dist/bench/grid-makespan.js [--trials 16] [--noop 24] [--repeat 3]
// On a shared machine single figures swing widely: --repeat interleaves engine and make runs and prints the
// median and the range of each figure.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';

const projectRoot = getProjectRoot();
const cli = join(projectRoot, 'dist', 'engine', 'cli', 'main.js');
const sdk = join(projectRoot, 'dist', 'steps', 'sdk', 'index.js');

function getArg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** A sleep plugin folder: the manifest both variants share, and the entry program. */
function writePlugin(dir: string, name: string, command: string, entry: { file: string; source: string }): void {
  mkdirSync(join(dir, 'plugins', name), { recursive: true });
  writeFileSync(
    join(dir, 'plugins', name, 'plugin.yaml'),
    [
      `name: ${name}`,
      'version: 1.0.0',
      `command: ${command}`,
      'inputs: { type: object, properties: { ms: { type: integer }, k: { type: integer }, log: { type: string } } }',
      'outputs: { type: object, properties: { k: { type: integer } } }',
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'plugins', name, entry.file), entry.source);
}

/** A plugin that sleeps `ms` and records when it ran; the same program make runs for the no-op figure. */
function writeSleepPlugin(dir: string): void {
  writePlugin(dir, 'b-sleep', '[node, ./main.mjs]', {
    file: 'main.mjs',
    source: `import { appendFileSync } from 'node:fs';
import { runStep } from ${JSON.stringify(sdk)};
await runStep(async ({ inputs, result }) => {
  const start = Date.now();
  if (inputs.ms > 0) await new Promise((r) => setTimeout(r, inputs.ms));
  // origin: when this process was spawned, so the bench can tell the plugin's own start-up from the engine's share of a gap.
  if (inputs.log) appendFileSync(inputs.log, JSON.stringify({ k: inputs.k, origin: Math.round(performance.timeOrigin), start, end: Date.now(), gpu: process.env.CUDA_VISIBLE_DEVICES }) + '\\n');
  result({ k: inputs.k });
});
`,
  });
}

/** The same sleep step as a POSIX shell script: reads its inputs from the engine's (indented) request JSON with sed. */
function writeShellSleepPlugin(dir: string): void {
  writePlugin(dir, 'b-sleep-sh', '[sh, ./main.sh]', {
    file: 'main.sh',
    source: `origin=$(date +%s%3N)
field() { sed -n "s/^ *\\"$1\\": \\"\\{0,1\\}\\([^\\",]*\\)\\"\\{0,1\\},\\{0,1\\}$/\\1/p" "$SER_FLOW_REQUEST" | head -n 1; }
ms=$(field ms); k=$(field k); log=$(field log); events=$(field events_file)
start=$(date +%s%3N)
sleep "$((ms / 1000)).$(printf %03d $((ms % 1000)))"
end=$(date +%s%3N)
[ -n "$log" ] && printf '{"k":%s,"origin":%s,"start":%s,"end":%s,"gpu":"%s"}\\n' "$k" "$origin" "$start" "$end" "$CUDA_VISIBLE_DEVICES" >> "$log"
printf '{"type":"result","outputs":{"k":%s}}\\n' "$k" >> "$events"
`,
  });
}

function writeGridWorkflow(dir: string, name: string, durations: number[], gpus: number, plugin = 'b-sleep'): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    [
      `name: ${name}`,
      'plugins: [plugins]',
      'params:',
      '  k: { type: integer, default: 0 }',
      '  ms: { type: integer, default: 0 }',
      `  log: { type: string, default: ${JSON.stringify(join(dir, `${name}.log`))} }`,
      `  durations: { type: string, default: ${JSON.stringify(durations.join(','))} }`,
      'start: work',
      'defaults:',
      '  cache: false',
      `  resources: { gpus: ${gpus} }`,
      'states:',
      '  work:',
      `    step: ${plugin}`,
      // The duration is looked up by trial index so every trial's step is otherwise identical.
      "    with: { k: '${{ params.k }}', ms: '${{ params.ms }}', log: '${{ params.log }}' }",
      '    next: done',
      'grid:',
      '  matrix:',
      `    include: [${durations.map((ms, k) => `{ k: ${k}, ms: ${ms} }`).join(', ')}]`,
      '',
    ]
      .join('\n'),
  );
  return file;
}

async function timeCommand(file: string, args: string[], env: Record<string, string>, cwd: string): Promise<number> {
  const started = performance.now();
  const result = await execa(file, args, { cwd, env: { ...process.env, ...env }, reject: false, all: true });
  const elapsed = performance.now() - started;
  if (result.exitCode !== 0) throw new Error(`${file} ${args.join(' ')} failed (${result.exitCode}):\n${String(result.all).slice(-3000)}`);
  return elapsed;
}

interface StepRow {
  origin: number;
  start: number;
  end: number;
  gpu?: string;
}

const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);

/**
 * First start to last end; the mean idle time of a GPU between one step's end and the next's start, split
 * into the next plugin's own start-up (process spawned → its code runs) and the rest (the engine's share).
 */
function readSpan(logFile: string): { span: number; count: number; meanGap: number; meanStartup: number; meanEngine: number } {
  const rows = readFileSync(logFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as StepRow);
  const gaps: number[] = [];
  const engine: number[] = [];
  for (const gpu of new Set(rows.map((r) => r.gpu))) {
    const onGpu = rows.filter((r) => r.gpu === gpu).sort((a, b) => a.start - b.start);
    for (let i = 1; i < onGpu.length; i++) {
      gaps.push(onGpu[i]!.start - onGpu[i - 1]!.end);
      engine.push(onGpu[i]!.origin - onGpu[i - 1]!.end);
    }
  }
  const span = Math.max(...rows.map((r) => r.end)) - Math.min(...rows.map((r) => r.start));
  return { span, count: rows.length, meanGap: mean(gaps), meanStartup: mean(rows.map((r) => r.start - r.origin)), meanEngine: mean(engine) };
}

function getMedian(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** `median (min–max, n runs)`, or the single value. */
function formatSpread(values: number[], digits: number, unit = ''): string {
  const median = `${getMedian(values).toFixed(digits)}${unit}`;
  if (values.length === 1) return median;
  return `${median} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}${unit}, median of ${values.length})`;
}

async function measureMakespan(dir: string, trials: number, repeat: number, plugin: { name: string; label: string }): Promise<void> {
  // Groups of four equal steps: a perfect packing on 4 GPUs exists and FIFO leasing finds it.
  const rounds = [800, 1200, 600, 1000];
  const durations = Array.from({ length: trials }, (_, k) => rounds[Math.floor(k / 4) % rounds.length]!);
  const ideal = durations.reduce((a, b) => a + b, 0) / 4;
  const runs: { wall: number; span: number; count: number; meanGap: number; meanStartup: number; meanEngine: number }[] = [];
  for (let r = 0; r < repeat; r++) {
    const file = writeGridWorkflow(dir, `makespan-${plugin.name}-${r}`, durations, 1, plugin.name);
    const wall = await timeCommand(process.execPath, [cli, 'run', file, '--run-dir', join(dir, 'runs')], { SER_FLOW_GPUS: '0,1,2,3' }, dir);
    runs.push({ wall, ...readSpan(join(dir, `makespan-${plugin.name}-${r}.log`)) });
  }
  const spans = runs.map((r) => r.span);
  console.log(`makespan, ${plugin.label}: ${runs[0]!.count} sleep steps on 4 simulated GPUs, ideal ${ideal.toFixed(0)} ms`);
  console.log(`  steps' span (first start → last end): ${formatSpread(spans, 0, ' ms')}  ratio ${formatSpread(spans.map((s) => s / ideal), 3)}  (goal ≤ 1.1)`);
  console.log(`  mean idle time of a GPU between two steps: ${formatSpread(runs.map((r) => r.meanGap), 0, ' ms')}`);
  console.log(`    of which the next plugin's own start-up (spawned → its sleep begins): ${formatSpread(runs.map((r) => r.meanStartup), 0, ' ms')}`);
  console.log(`    of which the rest (the plugin's result → its exit → the engine spawns the next): ${formatSpread(runs.map((r) => r.meanEngine), 0, ' ms')}`);
  // A real step's process start-up (Python importing torch: seconds) is work the step needs on any scheduler.
  // The span starts at the first step's start, so each GPU's first start-up lies before it: count the others.
  const withStartup = runs.map((r) => r.span / (ideal + r.meanStartup * (r.count / 4 - 1)));
  console.log(`  ratio to an ideal that also counts each plugin's measured start-up as step work: ${formatSpread(withStartup, 3)}`);
  console.log(`  whole \`ser-flow run\` (process start → exit): ${formatSpread(runs.map((r) => r.wall), 0, ' ms')}  ratio ${formatSpread(runs.map((r) => r.wall / ideal), 3)}`);
}

async function timeEngineNoops(dir: string, n: number): Promise<number> {
  const cores = availableParallelism();
  const file = writeGridWorkflow(dir, `noop${n}`, Array.from({ length: n }, () => 0), 0);
  return timeCommand(process.execPath, [cli, 'run', file, '--run-dir', join(dir, 'runs')], { SER_FLOW_CPU_SLOTS: String(cores) }, dir);
}

async function measureOverhead(dir: string, n: number, repeat: number): Promise<void> {
  const cores = availableParallelism();
  // make runs the same plugin program, with a request file like the engine writes, once per target.
  const plugin = join(dir, 'plugins', 'b-sleep', 'main.mjs');
  const makeDir = join(dir, 'make');
  mkdirSync(makeDir, { recursive: true });
  const lines = [`all: ${Array.from({ length: n }, (_, k) => `t${k}`).join(' ')}`];
  for (let k = 0; k < n; k++) {
    const request = join(makeDir, `r${k}.json`);
    writeFileSync(request, JSON.stringify({ inputs: { k, ms: 0 }, events_file: join(makeDir, `e${k}.jsonl`), output_dir: makeDir, gpus: [] }));
    lines.push(`t${k}:`, `\t@${process.execPath} ${plugin} ${request}`);
  }
  writeFileSync(join(makeDir, 'Makefile'), lines.join('\n') + '\n');
  writeFileSync(join(makeDir, 'Makefile.true'), `all: ${Array.from({ length: n }, (_, k) => `t${k}`).join(' ')}\n` + Array.from({ length: n }, (_, k) => `t${k}:\n\t@true\n`).join(''));
  const runs: { one: number; engine: number; make: number; makeTrue: number }[] = [];
  for (let r = 0; r < repeat; r++) {
    // The engine's fixed cost (Node.js start, loading and validating the workflow) comes from a one-step grid;
    // the per-step figure is the marginal cost of the other n − 1 steps.
    const one = await timeEngineNoops(dir, 1);
    const engine = await timeEngineNoops(dir, n);
    const make = await timeCommand('make', ['-s', `-j${cores}`, '-C', makeDir], {}, dir);
    const makeTrue = await timeCommand('make', ['-s', `-j${cores}`, '-C', makeDir, '-f', 'Makefile.true'], {}, dir);
    runs.push({ one, engine, make, makeTrue });
  }
  const pick = (f: (run: (typeof runs)[number]) => number) => runs.map(f);
  const enginePerStep = pick((r) => (r.engine - r.one) / (n - 1));
  const makePerStep = pick((r) => r.make / n);
  console.log(`overhead: ${n} no-op steps (the same Node.js plugin), ${cores} at a time`);
  console.log(`  ser-flow run, grid of ${n} one-step trials: ${formatSpread(pick((r) => r.engine), 0, ' ms')}; of 1 trial: ${formatSpread(pick((r) => r.one), 0, ' ms')} (fixed cost)`);
  console.log(`  make -j${cores}, the plugin per target: ${formatSpread(pick((r) => r.make), 0, ' ms')}  (${formatSpread(makePerStep, 1, ' ms/step')}); \`true\` per target: ${formatSpread(pick((r) => r.makeTrue), 0, ' ms')}`);
  console.log(
    `  per step: ser-flow ${formatSpread(enginePerStep, 1, ' ms')} (marginal) vs make ${formatSpread(makePerStep, 1, ' ms')}  → ${formatSpread(pick((r) => (r.engine - r.one) / (n - 1) / (r.make / n)), 2, '×')}  (goal ≤ 1.2×; each ratio from one interleaved engine/make pair)`,
  );
  console.log(`  whole runs: ser-flow / make ${formatSpread(pick((r) => r.engine / r.make), 2, '×')}`);
  console.log(
    '  counted: process wall time. Per ser-flow step: a child run (lock, logger, snapshot after each transition), the request,' +
      ' events and result files, a lease, trials.json; make only forks the same program.',
  );
}

const dir = mkdtempSync(join(tmpdir(), 'ser-flow-bench-'));
// Every step is a Node.js process: on a busy machine their start-up, not scheduling, dominates the figures.
console.log(`machine: ${availableParallelism()} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at start`);
try {
  writeSleepPlugin(dir);
  writeShellSleepPlugin(dir);
  const repeat = getArg('repeat', 3);
  await measureMakespan(dir, getArg('trials', 16), repeat, { name: 'b-sleep-sh', label: 'sh sleep step' });
  await measureMakespan(dir, getArg('trials', 16), repeat, { name: 'b-sleep', label: 'Node.js SDK sleep step' });
  await measureOverhead(dir, getArg('noop', 24), repeat);
  console.log(`load average at end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
