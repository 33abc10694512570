import { getProjectRoot } from '../engine/load/project-root.js';
// Throughput bench (not a test) of both train-rm implementations (TF.js and torch) through the plugin
// protocol: a real request file, the manifest's command as a subprocess, events read back; process start-up
// and imports are counted. bench/rm-throughput runs it after its in-process figures.
// Shapes as in /work/shared/docs/tfjs-notes.md: batch 32 pairs (64 sequences × 128 tokens), vocab 8,000, d 128.
// Usage: node dist/bench/rm-throughput-plugins.js [--model bag|transformer] [--pairs 2048] [--epochs 1] [--backend auto]
// CUDA_VISIBLE_DEVICES is passed through (unset: torch sees every GPU; empty: CPU).
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { execa } from 'execa';
import { parse } from 'yaml';

const ROOT = getProjectRoot();

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

const dir = mkdtempSync(join(tmpdir(), 'rm-throughput-plugins-'));
const pairsCount = Number(flags.pairs);
const epochs = Number(flags.epochs);
writePairs(join(dir, 'train.jsonl'), pairsCount);

/** Runs one implementation's train-rm plugin as the engine would: request file, manifest argv, events back. */
async function measurePlugin(folder: string): Promise<void> {
  const pluginDir = join(ROOT, 'steps', folder);
  const manifest = parse(readFileSync(join(pluginDir, 'plugin.yaml'), 'utf8')) as { command: string[]; version: string; implementation: string };
  const argv = manifest.command.map((arg, i) =>
    i === 0 && arg === 'node' ? process.execPath : arg.startsWith('./') || arg.startsWith('../') ? resolve(pluginDir, arg) : arg,
  );
  const work = join(dir, folder);
  const outputDir = join(work, 'out');
  mkdirSync(outputDir, { recursive: true });
  const request = {
    protocol: 1, run_id: 'bench', state: 'train', visit: 0, attempt: 1,
    plugin: { name: 'train-rm', version: manifest.version, dir: pluginDir, implementation: manifest.implementation },
    inputs: {
      train: join(dir, 'train.jsonl'), model: flags.model, epochs, batch_size: Number(flags['batch-size']),
      vocab_size: 8000, dim: 128, hidden: 128, max_len: 128,
      ...(manifest.implementation === 'torch' ? { backend: flags.backend } : {}),
    },
    output_dir: outputDir, events_file: join(work, 'events.jsonl'), seed: 1, gpus: [],
  };
  writeFileSync(join(work, 'request.json'), JSON.stringify(request));
  const started = performance.now();
  const run = await execa(argv[0]!, [...argv.slice(1), join(work, 'request.json')], {
    cwd: outputDir,
    reject: false,
    env: { SER_FLOW_REQUEST: join(work, 'request.json') },
  });
  const seconds = (performance.now() - started) / 1000;
  const events = readFileSync(request.events_file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
  const result = events.find((e) => e.type === 'result')?.outputs as { pairs_per_second: number; backend: string; device?: string } | undefined;
  if (run.exitCode !== 0 || !result) {
    console.log(`train-rm (${manifest.implementation}) failed with exit ${run.exitCode}: ${String(run.stderr).trim().split('\n').at(-1)}`);
    return;
  }
  const trained = pairsCount * epochs;
  console.log(`train-rm plugin, implementation ${manifest.implementation} (${result.backend}${result.device ? `, ${result.device}` : ''}), model ${flags.model}, ${trained} pairs (${pairsCount} × ${epochs} epochs), batch ${flags['batch-size']}`);
  console.log(`  training loop:           ${result.pairs_per_second.toFixed(1)} pairs/s (as the plugin reports)`);
  console.log(`  end to end (subprocess): ${(trained / seconds).toFixed(1)} pairs/s over ${seconds.toFixed(1)} s (start-up, imports, vocab, saving included)`);
}

for (const folder of ['train-rm', 'train-rm-torch']) await measurePlugin(folder);
