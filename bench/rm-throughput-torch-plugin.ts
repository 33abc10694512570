// Throughput bench (not a test) of the torch train-rm through the plugin protocol: a real request file,
// the manifest's command as a subprocess, events read back; Python start-up and torch import are counted.
// Shapes as in /work/shared/docs/tfjs-notes.md: batch 32 pairs (64 sequences × 128 tokens), vocab 8,000, d 128.
// Usage: node dist/bench/rm-throughput-torch-plugin.js [--model bag|transformer] [--pairs 2048] [--epochs 1] [--backend auto]
// CUDA_VISIBLE_DEVICES is passed through (unset: torch sees every GPU; empty: CPU).
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { execa } from 'execa';
import { parse } from 'yaml';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PLUGIN_DIR = join(ROOT, 'steps', 'train-rm-torch');

const { values: flags } = parseArgs({
  options: {
    model: { type: 'string', default: 'bag' },
    pairs: { type: 'string', default: '2048' },
    epochs: { type: 'string', default: '1' },
    backend: { type: 'string', default: 'auto' },
    'batch-size': { type: 'string', default: '32' },
  },
});

/** Pairs whose texts exceed 128 word tokens over an 8,000-word vocabulary, so every batch is full width. */
function writePairs(file: string, count: number): void {
  let state = 12345;
  const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296;
  const words = Array.from({ length: 8000 }, (_, i) => `w${i.toString(36)}`);
  const text = (n: number) => Array.from({ length: n }, () => words[Math.floor(next() * words.length)]).join(' ');
  const lines = Array.from({ length: count }, (_, i) => JSON.stringify({ id: `b${i}`, prompt: text(40), chosen: `good ${text(100)}`, rejected: `bad ${text(100)}` }));
  writeFileSync(file, lines.join('\n') + '\n');
}

const dir = mkdtempSync(join(tmpdir(), 'rm-throughput-torch-'));
const outputDir = join(dir, 'out');
mkdirSync(outputDir);
const pairsCount = Number(flags.pairs);
const epochs = Number(flags.epochs);
writePairs(join(dir, 'train.jsonl'), pairsCount);
const manifest = parse(readFileSync(join(PLUGIN_DIR, 'plugin.yaml'), 'utf8')) as { command: string[] };
const argv = manifest.command.map((arg) => (arg.startsWith('./') ? join(PLUGIN_DIR, arg) : arg));
const request = {
  protocol: 1, run_id: 'bench', state: 'train', visit: 0, attempt: 1,
  plugin: { name: 'train-rm', version: '0.1.0', dir: PLUGIN_DIR, implementation: 'torch' },
  inputs: {
    train: join(dir, 'train.jsonl'), model: flags.model, epochs, batch_size: Number(flags['batch-size']),
    vocab_size: 8000, dim: 128, hidden: 128, max_len: 128, backend: flags.backend,
  },
  output_dir: outputDir, events_file: join(dir, 'events.jsonl'), seed: 1, gpus: [],
};
writeFileSync(join(dir, 'request.json'), JSON.stringify(request));
const started = performance.now();
const run = await execa(argv[0], [...argv.slice(1), join(dir, 'request.json')], {
  cwd: outputDir,
  reject: false,
  env: { SER_FLOW_REQUEST: join(dir, 'request.json') },
});
const seconds = (performance.now() - started) / 1000;
const events = readFileSync(join(dir, 'events.jsonl'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
const result = events.find((e) => e.type === 'result')?.outputs as { pairs_per_second: number; device: string } | undefined;
if (run.exitCode !== 0 || !result) {
  console.error(`train-rm (torch) failed with exit ${run.exitCode}:\n${run.stderr}`);
  process.exitCode = 1;
} else {
  const trained = pairsCount * epochs;
  console.log(`torch train-rm plugin, model ${flags.model}, ${trained} pairs (${pairsCount} × ${epochs} epochs), batch ${flags['batch-size']}, device ${result.device}`);
  console.log(`  training loop:          ${result.pairs_per_second.toFixed(1)} pairs/s (as the plugin reports)`);
  console.log(`  end to end (subprocess): ${(trained / seconds).toFixed(1)} pairs/s over ${seconds.toFixed(1)} s (start-up, torch import, vocab, saving included)`);
}
