import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLines, ROOT, runPlugin } from '../lib/ser/run-plugin.js';

describe('prepare-data plugin', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ser-prepare-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('generates the default dataset and writes every SER file, byte-identical for the same seed', () => {
    const inputs = { generated_pairs: 400 };
    const first = runPlugin({ name: 'prepare-data', dir: join(dir, 'a'), inputs, seed: 4 });
    assert.equal(first.status, 0, first.stderr);
    const o = first.outputs!;
    assert.equal(o.format, 'generated');
    for (const key of ['labeled', 'pool', 'pool_labels', 'test', 'dev', 'sft', 'ppo_prompts', 'gold']) assert.ok(existsSync(o[key] as string), key);
    assert.equal((o.labeled_count as number) + (o.pool_size as number) + (o.test_count as number) + (o.dev_count as number) + (o.sft_count as number) + (o.ppo_count as number), 400);
    for (const line of readLines(o.pool as string)) assert.deepEqual(Object.keys(line).sort(), ['a', 'b', 'id', 'prompt'], 'pool lines carry no label');
    const second = runPlugin({ name: 'prepare-data', dir: join(dir, 'b'), inputs, seed: 4 });
    for (const key of ['labeled', 'pool', 'pool_labels', 'test', 'gold']) {
      assert.equal(readFileSync(second.outputs![key] as string, 'utf8'), readFileSync(o[key] as string, 'utf8'), `${key} differs across runs`);
    }
  });

  it('loads a file, counts skipped records, and fails on a malformed line with file:line and no stack', () => {
    const good = Array.from({ length: 60 }, (_, i) => JSON.stringify({ prompt: `p${i}`, chosen: `yes ${i}`, rejected: `no ${i}` }));
    const file = join(dir, 'pairs.jsonl');
    writeFileSync(file, [...good.slice(0, 30), '{oops', JSON.stringify({ prompt: 'p', chosen: 'same', rejected: 'same' }), ...good.slice(30)].join('\n') + '\n');
    const skipped = runPlugin({ name: 'prepare-data', dir: join(dir, 'skip'), inputs: { source: file, on_malformed: 'skip', test_fraction: 0.2 } });
    assert.equal(skipped.status, 0, skipped.stderr);
    assert.equal(skipped.outputs!.format, 'generic');
    assert.deepEqual([skipped.outputs!.total_pairs, skipped.outputs!.skipped_malformed, skipped.outputs!.skipped_identical, skipped.outputs!.skipped], [60, 1, 1, 2]);
    assert.equal(skipped.outputs!.gold, undefined);
    const failed = runPlugin({ name: 'prepare-data', dir: join(dir, 'fail'), inputs: { source: file } });
    assert.equal(failed.status, 2);
    assert.match(failed.stderr, new RegExp(`${file.replace(/[.]/g, '\\.')}:31: not valid JSON`));
    assert.doesNotMatch(failed.stderr, /\n\s+at /, 'no stack trace');
    assert.equal(failed.outputs, undefined);
    const missing = runPlugin({ name: 'prepare-data', dir: join(dir, 'missing'), inputs: { source: 'no/such.jsonl' } });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /source file not found: .*no\/such\.jsonl/);
  });

  it('reads the real FineGrainedRLHF QA feedback (2,616 decisive pairs, 384 ties)', function () {
    const data = join(ROOT, '../shared/data/finegrainedrlhf-qa-feedback/dev_feedback.json');
    if (!existsSync(data)) this.skip(); // ../shared is absent outside the development machine
    const run = runPlugin({ name: 'prepare-data', dir, inputs: { source: data } });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual([run.outputs!.format, run.outputs!.total_pairs, run.outputs!.skipped_ties], ['finegrained-qa', 2616, 384]);
  });
});
