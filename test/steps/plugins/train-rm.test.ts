import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getResult, readEvents, startPlugin, writeRequest } from '../lib/ml/fixtures/run-plugin.js';
import { makeSyntheticPairs, makeTempDir, writeJsonl } from '../lib/ml/fixtures/synthetic-pairs.js';
import { isInstalled } from '../lib/ml/fixtures/is-installed.js';

describe('steps/train-rm (tfjs) as a subprocess', () => {
  it('trains, emits progress and per-epoch metrics, writes model/ and a valid result', async () => {
    const dir = makeTempDir('train-rm');
    const train = writeJsonl(join(dir, 'train.jsonl'), makeSyntheticPairs({ count: 300, seed: 1, words: 12 }));
    const dev = writeJsonl(join(dir, 'dev.jsonl'), makeSyntheticPairs({ count: 100, seed: 2, prefix: 'd', words: 12 }));
    const run = writeRequest({ plugin: 'train-rm', dir, inputs: { train, dev, epochs: 3, lr: 0.01, backend: 'wasm' } });
    const proc = await startPlugin('train-rm', run);
    assert.equal(proc.exitCode, 0, proc.all);
    const events = readEvents(run);
    const progress = events.filter((e) => e.type === 'progress');
    assert.equal(progress.length, 3 * Math.ceil(300 / 32));
    assert.deepEqual(progress.at(-1)?.current, progress.at(-1)?.total);
    const metrics = events.filter((e) => e.type === 'metric').map((e) => `${e.name}@${e.step ?? '-'}`);
    for (const name of ['loss@1', 'accuracy@1', 'lr@1', 'loss@3', 'accuracy@3', 'lr@3']) assert.ok(metrics.includes(name), `missing metric ${name}: ${metrics}`);
    assert.ok(events.some((e) => e.type === 'log' && String(e.message).includes('TF.js backend: wasm (requested)')));
    const result = getResult(run)!;
    assert.equal(result.backend, 'wasm');
    assert.equal(result.implementation, 'tfjs');
    assert.equal(result.train_pairs, 300);
    assert.ok((result.dev_accuracy as number) > 0.9, `dev accuracy ${result.dev_accuracy}`);
    assert.ok((result.pairs_per_second as number) > 0);
    const config = JSON.parse(readFileSync(join(result.model as string, 'config.json'), 'utf8'));
    assert.deepEqual([config.implementation, config.backend, config.architecture], ['tfjs', 'wasm', 'bag']);
    assert.ok(existsSync(join(result.model as string, 'weights.bin')) && existsSync(join(result.model as string, 'vocab.json')));
    assert.equal(existsSync(join(run.outputDir, 'checkpoint')), false, 'checkpoint removed after success');
  });

  it('an empty dev file (dev_fraction 0) trains and reports no dev accuracy', async () => {
    const dir = makeTempDir('train-rm-empty-dev');
    const train = writeJsonl(join(dir, 'train.jsonl'), makeSyntheticPairs({ count: 60, seed: 1, words: 8 }));
    const dev = writeJsonl(join(dir, 'dev.jsonl'), []);
    const run = writeRequest({ plugin: 'train-rm', dir, inputs: { train, dev, epochs: 1, backend: 'wasm' } });
    const proc = await startPlugin('train-rm', run);
    assert.equal(proc.exitCode, 0, proc.all);
    assert.equal(getResult(run)!.dev_accuracy, undefined);
  });

  it('on SIGTERM saves a checkpoint and exits; rerun in the same output_dir continues from it', async function () {
    this.timeout(120_000);
    const dir = makeTempDir('train-rm-term');
    const train = writeJsonl(join(dir, 'train.jsonl'), makeSyntheticPairs({ count: 320, seed: 3, words: 12 }));
    const run = writeRequest({ plugin: 'train-rm', dir, inputs: { train, epochs: 200, lr: 0.01 } });
    const proc = startPlugin('train-rm', run);
    // Wait until training is under way, then terminate as the engine would.
    while (!readEvents(run).some((e) => e.type === 'progress' && (e.current as number) >= 12)) {
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(proc.exitCode, null, 'train-rm ended before it could be terminated');
    }
    proc.kill('SIGTERM');
    const stopped = await proc;
    assert.equal(stopped.exitCode, 143, stopped.all);
    assert.ok(existsSync(join(run.outputDir, 'checkpoint', 'state.json')), 'checkpoint written');
    assert.equal(existsSync(join(run.outputDir, 'model')), false);
    assert.equal(getResult(run), undefined);
    const state = JSON.parse(readFileSync(join(run.outputDir, 'checkpoint', 'state.json'), 'utf8'));
    assert.ok(state.epoch * 10 + state.batch >= 12, `checkpoint at epoch ${state.epoch} batch ${state.batch}`);

    // Second attempt, same inputs: it must say where it resumes; terminate it again to keep the test short.
    const again = startPlugin('train-rm', run);
    while (!readEvents(run).some((e) => e.type === 'log' && String(e.message).startsWith('resuming from'))) {
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(again.exitCode, null, 'second attempt ended before logging a resume');
    }
    again.kill('SIGTERM');
    assert.equal((await again).exitCode, 143);
    const resumed = readEvents(run).find((e) => e.type === 'log' && String(e.message).startsWith('resuming from'));
    assert.match(String(resumed?.message), new RegExp(`at epoch ${state.epoch + 1}, batch ${state.batch + 1}`));
  });

  it('warm-starts from init_model (keeping its tokenizer) and refuses an architecture mismatch', async () => {
    const dir = makeTempDir('train-rm-warm');
    const train = writeJsonl(join(dir, 'train.jsonl'), makeSyntheticPairs({ count: 200, seed: 6, words: 12 }));
    const first = writeRequest({ plugin: 'train-rm', dir: join(dir, 'a'), inputs: { train, epochs: 2, lr: 0.01, vocab_size: 300 } });
    assert.equal((await startPlugin('train-rm', first)).exitCode, 0);
    const initModel = getResult(first)!.model as string;
    const more = writeJsonl(join(dir, 'more.jsonl'), makeSyntheticPairs({ count: 100, seed: 7, prefix: 'm', words: 12 }));
    const second = writeRequest({ plugin: 'train-rm', dir: join(dir, 'b'), inputs: { train: more, init_model: initModel, epochs: 1, vocab_size: 9000 } });
    const proc = await startPlugin('train-rm', second);
    assert.equal(proc.exitCode, 0, proc.all);
    assert.ok(readEvents(second).some((e) => e.type === 'log' && String(e.message).startsWith(`warm start from ${initModel}`)));
    const config = JSON.parse(readFileSync(join(getResult(second)!.model as string, 'config.json'), 'utf8'));
    assert.equal(config.vocab_size, JSON.parse(readFileSync(join(initModel, 'config.json'), 'utf8')).vocab_size);
    assert.equal(config.training.init_model, initModel);

    const mismatch = writeRequest({ plugin: 'train-rm', dir: join(dir, 'c'), inputs: { train: more, init_model: initModel, model: 'transformer' } });
    const bad = await startPlugin('train-rm', mismatch);
    assert.equal(bad.exitCode, 2);
    assert.match(bad.all ?? '', /input init_model is a 'bag' model but input model is 'transformer'/);
  });

  it('reports a bad train file as file:line, exits 2, no stack trace, nothing written', async () => {
    const dir = makeTempDir('train-rm-bad');
    const train = join(dir, 'train.jsonl');
    writeJsonl(train, [{ id: 'a', prompt: 'q', chosen: 'x', rejected: 'y' }, { id: 'b', prompt: 'q', chosen: 3, rejected: 'y' }]);
    const run = writeRequest({ plugin: 'train-rm', dir, inputs: { train } });
    const proc = await startPlugin('train-rm', run);
    assert.equal(proc.exitCode, 2);
    assert.match(proc.all ?? '', new RegExp(`input train: ${train}:2: field 'chosen' must be string \\(a line of this file is schemas/data/labeled-pair\\.schema\\.json\\)`));
    assert.doesNotMatch(proc.all ?? '', /\n\s+at /);
    assert.equal(existsSync(join(run.outputDir, 'model')), false);
  });

  it('fails clearly when a forced backend cannot load', async function () {
    if (isInstalled('@tensorflow/tfjs-node')) this.skip(); // it loads where libtensorflow could be installed
    const dir = makeTempDir('train-rm-backend');
    const train = writeJsonl(join(dir, 'train.jsonl'), makeSyntheticPairs({ count: 10, seed: 1 }));
    const run = writeRequest({ plugin: 'train-rm', dir, inputs: { train, backend: 'node' } });
    const proc = await startPlugin('train-rm', run);
    assert.equal(proc.exitCode, 2);
    assert.match(proc.all ?? '', /input backend: backend 'node' was requested but could not load: .*; use backend 'auto'/);
  });
});
