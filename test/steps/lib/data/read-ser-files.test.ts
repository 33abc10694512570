import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLabeledPairs, readPairScores, readPoolLabels, readPoolPairs, readTrainPairs } from '../../../../steps/lib/data/read-ser-files.js';

describe('steps/lib/data/read-ser-files: SER files checked against schemas/data', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'ser-files-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, lines: unknown[]) => {
    const file = join(dir, name);
    writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    return file;
  };

  it('reads each file type, carrying an integer id as a string and weight 1 by default', () => {
    const pool = write('pool.jsonl', [{ id: 7, prompt: 'q', a: 'x', b: 'y' }]);
    assert.deepEqual(readPoolPairs(pool), [{ id: '7', prompt: 'q', a: 'x', b: 'y' }]);
    const train = write('train.jsonl', [{ id: 'p1', prompt: 'q', chosen: 'x', rejected: 'y', source: 'self', loop: 1 }]);
    assert.deepEqual(readTrainPairs(train), [{ id: 'p1', prompt: 'q', chosen: 'x', rejected: 'y', weight: 1 }]);
    assert.equal((readLabeledPairs(train)[0] as unknown as { loop: number }).loop, 1, 'provenance fields are kept');
    assert.deepEqual([...readPoolLabels(write('labels.jsonl', [{ id: 'p1', label: 'b' }]))], [['p1', 'b']]);
    assert.equal(readPairScores(write('scores.jsonl', [{ id: 'p1', r_a: 1, r_b: -1, p_a: 0.73, p_b: 0.27 }]))[0].p_b, 0.27);
  });

  it('names the file, the line and the field of a record that does not fit its schema', () => {
    const pool = write('bad-pool.jsonl', [{ id: 'a', prompt: 'q', a: 'x', b: 'y' }, { id: 'b', prompt: 'q', a: 'x' }]);
    assert.throws(() => readPoolPairs(pool), { message: `${pool}:2: field 'b' is missing (a line of this file is schemas/data/pool-pair.schema.json)` });
    const labels = write('bad-labels.jsonl', [{ id: 'a', label: 'c' }]);
    assert.throws(() => readPoolLabels(labels), /bad-labels\.jsonl:1: field 'label' must be equal to one of the allowed values/);
    const scores = write('bad-scores.jsonl', [{ id: 'a', r_a: 1, r_b: 0, p_a: 1.5, p_b: 0.5 }]);
    assert.throws(() => readPairScores(scores), /bad-scores\.jsonl:1: field 'p_a' must be <= 1/);
  });
});
