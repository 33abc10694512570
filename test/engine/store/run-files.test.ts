import assert from 'node:assert/strict';
import { lstatSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readJsonFileSync } from '../../../engine/store/read-json.js';
import { RunFileError } from '../../../engine/store/run-file-error.js';
import { appendRunEvent } from '../../../engine/store/run-events.js';
import { writeSnapshot } from '../../../engine/store/run-snapshot.js';
import { writeJsonAtomic } from '../../../engine/store/write-json.js';

describe('run files: no writes through symlinks, clear errors for damaged files', () => {
  let dir: string;
  let target: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ser-flow-files-'));
    target = join(dir, 'target.txt');
    writeFileSync(target, 'keep me\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('appendRunEvent refuses a symlinked events.jsonl (O_NOFOLLOW)', () => {
    symlinkSync(target, join(dir, 'events.jsonl'));
    assert.throws(() => appendRunEvent(dir, { type: 'warning', message: 'x' }), (error: unknown) => error instanceof RunFileError && /is a symbolic link/.test(error.message));
    assert.equal(readFileSync(target, 'utf8'), 'keep me\n');
  });

  it('atomic writes refuse a symlinked snapshot.json and leave its target alone', () => {
    symlinkSync(target, join(dir, 'snapshot.json'));
    assert.throws(() => writeSnapshot(dir, { status: 'active' }), RunFileError);
    assert.throws(() => writeJsonAtomic(join(dir, 'snapshot.json'), {}), RunFileError);
    assert.equal(readFileSync(target, 'utf8'), 'keep me\n');
    assert.ok(lstatSync(join(dir, 'snapshot.json')).isSymbolicLink());
  });

  it('writeSnapshot writes a whole file (fsync of the file and its folder)', () => {
    writeSnapshot(dir, { status: 'active', value: 'a' });
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'snapshot.json'), 'utf8')), { status: 'active', value: 'a' });
  });

  for (const [what, text, message] of [
    ['an empty file', '', /is damaged: it is empty; do this/],
    ['garbage', 'nope{', /is damaged: it is not valid JSON .*; do this/],
    ['a JSON array', '[]', /is damaged: it is not a JSON object; do this/],
  ] as const) {
    it(`readJsonFileSync names the file and the problem for ${what}`, () => {
      const file = join(dir, 'run.json');
      writeFileSync(file, text);
      assert.throws(() => readJsonFileSync(file, 'do this'), (error: unknown) => error instanceof RunFileError && error.message.startsWith(file) && message.test(error.message));
    });
  }
});
