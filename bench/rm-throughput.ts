import { getProjectRoot } from '../engine/load/project-root.js';
// Training throughput of the default bag reward model (not a test; prints figures).
// Same batch everywhere: 32 pairs = 64 sequences × 128 tokens, vocab 8,000, d 128, hidden 128, BT loss, AdamW.
//  1. TF.js, every backend that loads (node-gpu, node, wasm, cpu), through trainRewardModel.
//  2. The same model in PyTorch on CPU (bench/rm_throughput_torch.py, Debian python3-torch via /usr/bin/python3).
//  3. The ratio default-backend / PyTorch (goal ≥ 1.0).
//  4. The small transformer RM (2 layers, 4 heads, d 128) on the default backend, same batch (slow: few steps).
//  5. With ../shared/data present: the default train-rm config on 2,000 HH-RLHF pairs × 3 epochs, wall seconds.
// Wall figures swing on a shared 2-core VM, so CPU-time figures (process user+system) are printed too.
// Usage: node dist/bench/rm-throughput.js [--steps 40] [--cpu-steps 6] [--transformer-steps 3] [--hh-pairs 2000]
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { execa } from 'execa';
import { backendNames, initBackend, type BackendName } from '../steps/lib/ml/backend/init-backend.js';
import type { TrainPair } from '../steps/lib/data/read-ser-files.js';
import { formatScoreText } from '../steps/lib/ml/models/encode-texts.js';
import { defaultModelConfig } from '../steps/lib/ml/models/model-config.js';
import { disposeParams } from '../steps/lib/ml/models/model-params.js';
import { createRewardModel } from '../steps/lib/ml/models/reward-model.js';
import { makeRandomFromSeed } from '../steps/lib/random/seeded-random.js';
import { buildWordTokenizer, type WordTokenizer } from '../steps/lib/ml/tokenizer/word-tokenizer.js';
import { trainRewardModel, type TrainOptions } from '../steps/lib/ml/train/train-reward-model.js';

const root = getProjectRoot();
const { values: flags } = parseArgs({
  options: {
    steps: { type: 'string', default: '40' },
    'cpu-steps': { type: 'string', default: '6' },
    'transformer-steps': { type: 'string', default: '3' },
    'hh-pairs': { type: 'string', default: '2000' },
  },
});
const batchSize = 32;
const train: TrainOptions = { loss: 'bt', margin: 0, centerCoef: 0, epochs: 1, batchSize, lr: 1e-3, weightDecay: 0, warmupRatio: 0, seed: 1 };

/** Pairs whose scored texts all exceed 128 tokens over an 8,000-word vocabulary (so every row is full). */
function makeFullWidthPairs(count: number): { pairs: TrainPair[]; tokenizer: WordTokenizer } {
  const random = makeRandomFromSeed(42);
  const words = Array.from({ length: 7996 }, (_, i) => `w${i}`);
  const text = () => Array.from({ length: 130 }, () => words[Math.floor(random() * words.length)]).join(' ');
  const pairs = Array.from({ length: count }, (_, i) => ({ id: String(i), prompt: 'q', chosen: text(), rejected: text(), weight: 1 }));
  return { pairs, tokenizer: buildWordTokenizer({ texts: [words.join(' ')], vocabSize: 8000 }) };
}

/** Pairs per wall second and per CPU second of one training run on the active backend. */
async function measureModel(steps: number, architecture: 'bag' | 'transformer' = 'bag'): Promise<{ wall: number; cpu: number }> {
  const { pairs, tokenizer } = makeFullWidthPairs(steps * batchSize);
  const model = createRewardModel({ config: { ...defaultModelConfig, architecture, vocabSize: tokenizer.words.length, seed: 1 }, tokenizer });
  await trainRewardModel({ model, pairs: pairs.slice(0, batchSize), train }); // warm-up: kernel setup, JIT
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  await trainRewardModel({ model, pairs, train });
  const wallSeconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  disposeParams(model.params);
  return { wall: pairs.length / wallSeconds, cpu: pairs.length / ((cpu.user + cpu.system) / 1e6) };
}

async function measureTorch(steps: number): Promise<{ wall: number; cpu: number; note: string } | string> {
  const script = join(root, 'bench', 'rm_throughput_torch.py');
  const run = await execa('/usr/bin/python3', [script, '--steps', String(steps)], { reject: false, all: true });
  if (run.exitCode !== 0) {
    if (/No module named 'torch'/.test(run.all ?? '')) return 'python3-torch is not installed (apt-get install -y python3-torch); PyTorch row skipped';
    return `PyTorch run failed (exit ${run.exitCode}): ${(run.all ?? '').split('\n').slice(-3).join(' ')}`;
  }
  const result = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { pairs_per_second: number; pairs_per_cpu_second: number; threads: number; torch: string };
  return { wall: result.pairs_per_second, cpu: result.pairs_per_cpu_second, note: `torch ${result.torch}, ${result.threads} thread(s)` };
}

/** HH-RLHF lines {chosen, rejected} → pairs: the prompt is everything up to the last "Assistant:" turn. */
function readHhPairs(file: string, count: number): TrainPair[] {
  const marker = '\n\nAssistant:';
  const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n').filter(Boolean).slice(0, count);
  return lines.map((line, i) => {
    const { chosen, rejected } = JSON.parse(line) as { chosen: string; rejected: string };
    const cut = chosen.lastIndexOf(marker) + marker.length;
    return { id: String(i), prompt: chosen.slice(0, cut), chosen: chosen.slice(cut), rejected: rejected.slice(rejected.lastIndexOf(marker) + marker.length), weight: 1 };
  });
}

const format = (x: number) => x.toFixed(0).padStart(7);
const rows: { name: string; wall: number; cpu: number; note: string }[] = [];
let defaultBackend: BackendName | undefined;
for (const name of backendNames) {
  try {
    await initBackend(name);
  } catch (error) {
    console.log(`tfjs ${name}: not loaded (${(error as Error).message.split(';')[0]})`);
    continue;
  }
  defaultBackend ??= name;
  const steps = name === 'cpu' ? Number(flags['cpu-steps']) : Number(flags.steps);
  const figures = await measureModel(steps);
  rows.push({ name: `tfjs ${name}`, ...figures, note: `${steps} steps` });
}
const torch = await measureTorch(Number(flags.steps));
if (typeof torch === 'string') console.log(torch);
else rows.push({ name: 'pytorch cpu', wall: torch.wall, cpu: torch.cpu, note: torch.note });

console.log('\nbag RM training, batch 32 pairs × 128 tokens, vocab 8000, d 128 (pairs per second)');
console.log(`${'implementation'.padEnd(16)} ${'wall'.padStart(7)} ${'per-CPU-s'.padStart(9)}  note`);
for (const row of rows) console.log(`${row.name.padEnd(16)} ${format(row.wall)} ${format(row.cpu).padStart(9)}  ${row.note}`);
const base = rows.find((r) => r.name === `tfjs ${defaultBackend}`);
if (base && typeof torch !== 'string') {
  console.log(`ratio tfjs ${defaultBackend} / pytorch cpu: ${(base.wall / torch.wall).toFixed(2)}× wall, ${(base.cpu / torch.cpu).toFixed(2)}× per CPU second (goal ≥ 1.0)`);
}

if (defaultBackend && Number(flags['transformer-steps']) > 0) {
  await initBackend(defaultBackend);
  const steps = Number(flags['transformer-steps']);
  const { wall, cpu } = await measureModel(steps, 'transformer');
  console.log(`transformer RM (2 layers, 4 heads, d 128), tfjs ${defaultBackend}, ${steps} steps: ${wall.toFixed(1)} pairs/s wall, ${cpu.toFixed(1)} per CPU second`);
}

const hhFile = join(root, '..', 'shared', 'data', 'hh-rlhf', 'harmless-base', 'test.jsonl.gz');
if (!existsSync(hhFile)) {
  console.log(`\nHH-RLHF check skipped: ${hhFile} is absent`);
} else if (defaultBackend) {
  await initBackend(defaultBackend);
  const start = performance.now();
  const pairs = readHhPairs(hhFile, Number(flags['hh-pairs']));
  const texts = pairs.flatMap((p) => [formatScoreText(p.prompt, p.chosen), formatScoreText(p.prompt, p.rejected)]);
  const tokenizer = buildWordTokenizer({ texts, vocabSize: 8000 });
  const model = createRewardModel({ config: { ...defaultModelConfig, vocabSize: tokenizer.words.length, seed: 1 }, tokenizer });
  const result = await trainRewardModel({ model, pairs, train: { ...train, epochs: 3 } });
  const seconds = (performance.now() - start) / 1000;
  console.log(`\nHH-RLHF harmless-base: default train-rm config (bag, 3 epochs, batch 32, max_len 128) on ${pairs.length} pairs with tfjs ${defaultBackend}: ${seconds.toFixed(1)} s wall incl. tokenizing (${result.pairsPerSecond.toFixed(0)} pairs/s, final loss ${result.finalLoss.toFixed(3)})`);
}

// The same model trained through the plugin protocol by each implementation (engine-side overhead counted).
console.log('\nthrough the plugin protocol (bench/rm-throughput-plugins):');
await execa(process.execPath, [join(root, 'dist', 'bench', 'rm-throughput-plugins.js'), '--pairs', '1024'], { stdio: 'inherit', reject: false });
