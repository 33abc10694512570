import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResolvedRun } from '../../../engine/store/resolved-run.js';
import { rebuildRecord, rebuildSnapshot } from '../../../engine/run/rebuild-run-files.js';

const resolved = {
  id: 'loop-1',
  file: '/nowhere/loop.yaml',
  workflow: { name: 'loop', start: 'a', states: {} },
  params: { n: 2 },
  plugins: {},
  created_at: '2026-01-01T00:00:00.000Z',
} as unknown as ResolvedRun;

describe('rebuilding run files from events.jsonl', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ser-flow-rebuild-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function writeResult(state: string, visit: number, value: number): void {
    mkdirSync(join(dir, 'steps', state, String(visit)), { recursive: true });
    writeFileSync(join(dir, 'steps', state, String(visit), 'result.json'), JSON.stringify({ outputs: { value } }));
  }

  it('puts a loop back in the state and visit it was in, with every finished visit counted and the latest outputs', () => {
    const events = [
      { type: 'run-started', run_id: 'loop-1', resumed: false },
      { type: 'state-entered', state: 'a', visit: 0 },
      { type: 'state-entered', state: 'b', visit: 0 },
      { type: 'state-entered', state: 'a', visit: 1 },
      { type: 'state-entered', state: 'b', visit: 1 },
    ];
    writeFileSync(join(dir, 'events.jsonl'), events.map((e) => JSON.stringify(e)).join('\n') + '\n{"torn');
    writeResult('a', 0, 1);
    writeResult('b', 0, 2);
    writeResult('a', 1, 3);
    const snapshot = rebuildSnapshot(dir, resolved) as unknown as { status: string; value: string; context: Record<string, unknown>; children: { step: { snapshot: { input: { state: string; visit: number } } } } };
    assert.equal(snapshot.status, 'active');
    assert.equal(snapshot.value, 'b');
    assert.deepEqual(snapshot.context, { params: { n: 2 }, run: { id: 'loop-1', dir }, visits: { a: 2, b: 1 }, states: { a: { outputs: { value: 3 } }, b: { outputs: { value: 2 } } } });
    assert.deepEqual({ state: snapshot.children.step.snapshot.input.state, visit: snapshot.children.step.snapshot.input.visit }, { state: 'b', visit: 1 });
  });

  it('starts at the start state when no state was entered, and rebuilds run.json from the last session', () => {
    writeFileSync(join(dir, 'events.jsonl'), [{ type: 'run-started', resumed: false }, { type: 'run-finished', status: 'failed', error: 'boom' }, { type: 'run-started', resumed: true }].map((e) => JSON.stringify(e)).join('\n'));
    assert.equal((rebuildSnapshot(dir, resolved) as unknown as { value: string }).value, 'a');
    const record = rebuildRecord(dir, resolved);
    assert.equal(record.status, 'running');
    assert.equal(record.resumes, 1);
    assert.equal(record.error, undefined);
    assert.equal(record.id, 'loop-1');
  });
});
