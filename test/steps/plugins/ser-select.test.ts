import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLines, ROOT, runPlugin } from '../lib/ser/run-plugin.js';

describe('ser-select plugin', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'ser-select-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const jsonl = (name: string, records: unknown[]) => {
    const file = join(dir, name);
    writeFileSync(file, records.map((r) => JSON.stringify(r) + '\n').join(''));
    return file;
  };

  it('has no input through which the pool labels could arrive', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'schemas/steps/ser-select.inputs.schema.json'), 'utf8'));
    assert.equal(schema.additionalProperties, false);
    assert.deepEqual(Object.keys(schema.properties).filter((k) => /label/.test(k)), []);
    assert.deepEqual(Object.keys(schema.properties).sort(), ['center', 'ensemble_scores', 'loop', 'max_admit', 'mode', 'n_min', 'pool', 'revise', 'rm', 'scores', 'smoothing', 'targets', 'tau_delta', 'tau_high', 'tau_low', 'train', 'weight', 'weight_by']);
    const source = readFileSync(join(ROOT, 'steps/plugins/ser-select/main.ts'), 'utf8');
    assert.doesNotMatch(source, /pool-labels|pool_labels/);
  });

  it('admits pseudo-labeled pairs, shrinks the pool and accumulates the training set', () => {
    const pool = jsonl('pool.jsonl', [
      { id: 'p0', prompt: 'q', a: 'A0', b: 'B0' },
      { id: 'p1', prompt: 'q', a: 'A1', b: 'B1' },
      { id: 'p2', prompt: 'q', a: 'A2', b: 'B2' },
    ]);
    const scores = jsonl('scores.jsonl', [
      { id: 'p0', r_a: 2, r_b: -2, p_a: 0.88, p_b: 0.12 },
      { id: 'p1', r_a: 0, r_b: 0, p_a: 0.5, p_b: 0.5 },
      { id: 'p2', r_a: -1, r_b: 1, p_a: 0.27, p_b: 0.73 },
    ]);
    const train = jsonl('labeled.jsonl', [{ id: 'h0', prompt: 'q', chosen: 'x', rejected: 'y', source: 'human' }]);
    const run = runPlugin({ name: 'ser-select', dir, inputs: { pool, scores, train, loop: 1, rm: 'model-1', weight: 0.7 } });
    assert.equal(run.status, 0, run.stderr);
    const o = run.outputs!;
    assert.deepEqual([o.status, o.admitted, o.pool_size, o.train_size, o.status1_count, o.status2_count], ['status1', 2, 1, 3, 2, 2]);
    const admitted = readLines(o.admitted_file as string);
    assert.deepEqual(admitted[1], { id: 'p2', prompt: 'q', chosen: 'B2', rejected: 'A2', weight: 0.7, source: 'self', loop: 1, rm: 'model-1', p_chosen: 0.73, p_rejected: 0.27, rule: 'status1' });
    assert.deepEqual(readLines(o.pool as string).map((p) => p.id), ['p1']);
    assert.equal(o.scored_pool, pool);
    assert.deepEqual(readLines(o.train as string).map((p) => p.id), ['h0', 'p0', 'p2']);
  });

  it('averages an ensemble of RMs after centring each, re-labels with revise, and writes soft targets as two rows', () => {
    const pool = jsonl('pool3.jsonl', [
      { id: 'p0', prompt: 'q', a: 'A0', b: 'B0' },
      { id: 'p1', prompt: 'q', a: 'A1', b: 'B1' },
    ]);
    // RM 1 prefers a in both pairs; RM 2 (offset +100, which pool-mean centring removes) prefers b in p1 more
    // strongly, so the average prefers b there.
    const scores = jsonl('scores3.jsonl', [
      { id: 'p0', r_a: 2, r_b: -2, p_a: 0.88, p_b: 0.12 },
      { id: 'p1', r_a: 0.5, r_b: -0.5, p_a: 0.62, p_b: 0.38 },
    ]);
    const second = jsonl('scores3b.jsonl', [
      { id: 'p0', r_a: 102, r_b: 98, p_a: 1, p_b: 1 },
      { id: 'p1', r_a: 98, r_b: 102, p_a: 1, p_b: 1 },
    ]);
    const train = jsonl('train3.jsonl', [
      { id: 'h0', prompt: 'q', chosen: 'x', rejected: 'y', source: 'human' },
      { id: 'p1', prompt: 'q', chosen: 'A1', rejected: 'B1', weight: 1, source: 'self' },
    ]);
    const inputs = { pool, scores, ensemble_scores: [second], train, loop: 2, rm: 'm', center: 'pool-mean', revise: true, targets: 'soft' };
    const run = runPlugin({ name: 'ser-select', dir: join(dir, 'ensemble'), inputs });
    assert.equal(run.status, 0, run.stderr);
    const admitted = readLines(run.outputs!.admitted_file as string);
    assert.deepEqual(admitted.map((a) => [a.id, a.chosen]), [['p0', 'A0'], ['p1', 'B1']]);
    const rows = readLines(run.outputs!.train as string);
    assert.deepEqual(rows.map((r) => [r.id, r.chosen]), [['h0', 'x'], ['p0', 'A0'], ['p0~reversed', 'B0'], ['p1', 'B1'], ['p1~reversed', 'A1']], 'the earlier pseudo-label of p1 was revised');
    assert.ok(rows.slice(1).every((r) => (r.weight as number) > 0 && (r.weight as number) < 1));
  });

  it('fails clearly when the scores do not cover the pool', () => {
    const pool = jsonl('pool2.jsonl', [{ id: 'zz', prompt: 'q', a: 'a', b: 'b' }]);
    const scores = jsonl('scores2.jsonl', []);
    const train = jsonl('train2.jsonl', []);
    const run = runPlugin({ name: 'ser-select', dir: join(dir, 'bad'), inputs: { pool, scores, train, loop: 0, rm: 'm' } });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /ser-select: pool pair "zz" has no score/);
  });
});
