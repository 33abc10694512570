import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCacheStore } from '../../../engine/cache/cache-store.js';
import { computeStepKey } from '../../../engine/cache/compute-key.js';
import { hashPath } from '../../../engine/cache/hash-path.js';
import { runWithCache } from '../../../engine/cache/run-with-cache.js';

const plugin = { name: 'train-rm', version: '1.0.0', hash: 'abc' };

function makeTmp(): string {
  return mkdtempSync(join(tmpdir(), 'ser-flow-cache-'));
}

describe('cache: content hashes', () => {
  let dir: string;
  beforeEach(() => (dir = makeTmp()));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('hashes folders by names and content, not by location', async () => {
    for (const name of ['a', 'b']) {
      mkdirSync(join(dir, name, 'sub'), { recursive: true });
      writeFileSync(join(dir, name, 'sub', 'w.bin'), 'weights');
      writeFileSync(join(dir, name, 'config.json'), '{}');
    }
    assert.equal(await hashPath(join(dir, 'a')), await hashPath(join(dir, 'b')));
    writeFileSync(join(dir, 'b', 'sub', 'w.bin'), 'weights2');
    assert.notEqual(await hashPath(join(dir, 'a')), await hashPath(join(dir, 'b')));
    writeFileSync(join(dir, 'b', 'sub', 'w.bin'), 'weights');
    writeFileSync(join(dir, 'b', 'extra'), '');
    assert.notEqual(await hashPath(join(dir, 'a')), await hashPath(join(dir, 'b')));
  });

  it('hashes a folder holding a symlink to itself without looping', async () => {
    mkdirSync(join(dir, 'm'));
    writeFileSync(join(dir, 'm', 'w'), 'x');
    symlinkSync(join(dir, 'm'), join(dir, 'm', 'self'));
    assert.match(await hashPath(join(dir, 'm')), /^[0-9a-f]{64}$/);
  });

  it('keys on plugin, inputs, input file content and seed; path names alone do not matter', async () => {
    writeFileSync(join(dir, 'x.jsonl'), 'row\n');
    writeFileSync(join(dir, 'y.jsonl'), 'row\n');
    const base = { plugin, seed: 1, baseDir: dir };
    const kx = await computeStepKey({ ...base, inputs: { data: join(dir, 'x.jsonl'), lr: 0.1 } });
    const ky = await computeStepKey({ ...base, inputs: { lr: 0.1, data: './y.jsonl' } });
    assert.equal(kx.key, ky.key, 'same content under another (relative) name shares the key');
    assert.deepEqual(kx.artifacts.map((a) => a.path), [join(dir, 'x.jsonl')]);
    const variants = [
      { ...base, inputs: { data: join(dir, 'x.jsonl'), lr: 0.2 } },
      { ...base, seed: 2, inputs: { data: join(dir, 'x.jsonl'), lr: 0.1 } },
      { ...base, plugin: { ...plugin, version: '1.0.1' }, inputs: { data: join(dir, 'x.jsonl'), lr: 0.1 } },
      { ...base, plugin: { ...plugin, hash: 'abd' }, inputs: { data: join(dir, 'x.jsonl'), lr: 0.1 } },
    ];
    for (const options of variants) assert.notEqual((await computeStepKey(options)).key, kx.key);
    writeFileSync(join(dir, 'x.jsonl'), 'row changed\n');
    assert.notEqual((await computeStepKey({ ...base, inputs: { data: join(dir, 'x.jsonl'), lr: 0.1 } })).key, kx.key);
  });
});

describe('cache: store', () => {
  let dir: string;
  beforeEach(() => (dir = makeTmp()));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function makeStepDir(name: string): string {
    const stepDir = join(dir, 'run', name);
    mkdirSync(stepDir, { recursive: true });
    return stepDir;
  }

  it('stores after success and reuses on the next lookup', async () => {
    const store = openCacheStore(join(dir, '.cache'));
    const stepDir = makeStepDir('s');
    const first = await runWithCache({
      store,
      key: 'k1',
      execute: async () => ({ ok: true, acc: 0.9 }),
      toEntry: (r) => ({ outputs: { acc: r.acc, model: stepDir }, step_dir: stepDir, run_id: 'r1', state: 'train', visit: 0 }),
    });
    assert.equal(first.reused, false);
    const second = await runWithCache({ store, key: 'k1', execute: async () => assert.fail('must not execute'), toEntry: () => undefined });
    assert.ok(second.reused);
    assert.deepEqual(second.entry.outputs, { acc: 0.9, model: stepDir });
  });

  it('never caches a failed step, and recomputes when the pointed-to folder is gone', async () => {
    const store = openCacheStore(join(dir, '.cache'));
    await runWithCache({ store, key: 'k2', execute: async () => 'failed', toEntry: () => undefined });
    assert.deepEqual(await store.lookup('k2'), { hit: false, reason: 'no cached result for key k2' });
    await assert.rejects(
      runWithCache({ store, key: 'k2', execute: async () => Promise.reject(new Error('boom')), toEntry: () => assert.fail() }),
      /boom/,
    );
    const stepDir = makeStepDir('gone');
    await runWithCache({ store, key: 'k3', execute: async () => 1, toEntry: () => ({ outputs: {}, step_dir: stepDir, run_id: 'r', state: 's', visit: 0 }) });
    rmSync(stepDir, { recursive: true });
    const lookup = await store.lookup('k3');
    assert.equal(lookup.hit, false);
    assert.match(!lookup.hit ? lookup.reason : '', /no longer exists/);
  });

  for (const stores of ['one store (same process)', 'two stores (as two processes would)']) {
    it(`a concurrent claim of the same key waits for the first and reuses its result: ${stores}`, async () => {
      const a = openCacheStore(join(dir, '.cache'));
      const b = stores.startsWith('one') ? a : openCacheStore(join(dir, '.cache'));
      const stepDir = makeStepDir('shared');
      let executions = 0;
      let finishFirst!: () => void;
      const gate = new Promise<void>((resolve) => (finishFirst = resolve));
      const toEntry = () => ({ outputs: { n: 1 }, step_dir: stepDir, run_id: 'r', state: 'pretrain', visit: 0 });
      const first = runWithCache({ store: a, key: 'k4', execute: async () => (executions++, await gate, 'first'), toEntry });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const second = runWithCache({ store: b, key: 'k4', execute: async () => (executions++, 'second'), toEntry });
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(executions, 1, 'the second claimant must wait, not execute');
      finishFirst();
      assert.equal((await first).reused, false);
      assert.equal((await second).reused, true);
      assert.equal(executions, 1);
    });
  }

  it('releasing claims of different keys held at once leaves no lock behind', async () => {
    const store = openCacheStore(join(dir, '.cache'));
    const [a, b] = await Promise.all([store.claim('ka'), store.claim('kb')]);
    assert.ok(!a.hit && !b.hit);
    await a.claim.release();
    await b.claim.release();
    assert.deepEqual(readdirSync(join(dir, '.cache')).filter((name) => name.endsWith('.lock')), []);
  });

  it('a waiter executes itself when the first claimant fails', async () => {
    const store = openCacheStore(join(dir, '.cache'));
    const stepDir = makeStepDir('retry');
    const first = runWithCache({ store, key: 'k5', execute: async () => Promise.reject(new Error('first failed')), toEntry: () => undefined });
    const second = runWithCache({
      store,
      key: 'k5',
      execute: async () => 'second',
      toEntry: () => ({ outputs: {}, step_dir: stepDir, run_id: 'r', state: 's', visit: 0 }),
    });
    await assert.rejects(first, /first failed/);
    const result = await second;
    assert.equal(result.reused, false);
    assert.equal((await store.lookup('k5')).hit, true);
  });
});
