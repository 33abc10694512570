import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Workflow } from '../../../schemas/workflow-types.js';
import type { RunContext } from '../../../engine/compile/run-context.js';
import { getRedrivePoint, rebuildSnapshot } from '../../../engine/run/rebuild-run-files.js';
import { makeStateSnapshot } from '../../../engine/run/state-snapshot.js';
import type { ResolvedRun } from '../../../engine/store/resolved-run.js';

const workflow = {
  name: 'blocks',
  start: 'prep',
  vars: { x: 0 },
  states: {
    prep: { step: 'w', next: 'both' },
    both: {
      parallel: {
        left: { start: 'a1', states: { a1: { step: 'w', next: 'a2' }, a2: { step: 'w', next: 'done' } } },
        right: { start: 'b1', states: { b1: { step: 'w', set: { x: 5 }, next: 'done' } } },
      },
      next: 'score',
    },
    score: { step: 'w', for_each: [1, 2], next: 'done' },
  },
} as unknown as Workflow;
const FAN_OUTS = { score: [1, 2] };

describe('resume points inside parallel and for_each states', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ser-flow-blocks-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function writeEvents(entered: [string, number][]): void {
    writeFileSync(join(dir, 'events.jsonl'), entered.map(([state, visit]) => JSON.stringify({ type: 'state-entered', state, visit })).join('\n') + '\n');
  }
  function writeResult(state: string, visit: number, value: number): void {
    mkdirSync(join(dir, 'steps', state, String(visit)), { recursive: true });
    writeFileSync(join(dir, 'steps', state, String(visit), 'result.json'), JSON.stringify({ outputs: { value } }));
  }

  it('a redrive of a failed branch state re-enters the parallel state with visits and vars as on entry', () => {
    writeEvents([['prep', 0], ['both', 0], ['a1', 0], ['b1', 0], ['a2', 0]]);
    writeResult('prep', 0, 1);
    writeResult('a1', 0, 2);
    writeResult('b1', 0, 3);
    const failed: RunContext = {
      params: {},
      run: { id: 'r', dir },
      visits: { prep: 1, a1: 1, b1: 1, a2: 1, both: 1 },
      states: {},
      vars: { x: 5 },
      block: { name: 'both', visits: { prep: 1 }, vars: { x: 0 }, error: 'a2 failed' },
      error: 'a2 failed',
    };
    const point = getRedrivePoint(dir, workflow, FAN_OUTS, failed)!;
    assert.equal(point.state, 'both');
    assert.deepEqual(point.unfinished, [{ state: 'a2', visit: 0 }]);
    assert.deepEqual(point.context.visits, { prep: 1, a1: 0, b1: 0, a2: 0, both: 0 });
    assert.deepEqual(point.context.vars, { x: 0 });
    assert.equal(point.context.error, undefined);
    assert.equal(point.context.block?.error, undefined);
    const snapshot = makeStateSnapshot(workflow, FAN_OUTS, point.state, point.context) as unknown as { value: unknown; children: Record<string, { snapshot: { input: { state: string; visit: number } } }> };
    assert.deepEqual(snapshot.value, { both: { left: 'a1', right: 'b1' } });
    assert.deepEqual(Object.keys(snapshot.children).sort(), ['a1', 'b1']);
  });

  it('is undefined when every visit in the block succeeded (the workflow chose failed)', () => {
    writeEvents([['prep', 0], ['score', 0], ['score[0]', 0], ['score[1]', 0]]);
    writeResult('prep', 0, 1);
    writeResult('score[0]', 0, 2);
    writeResult('score[1]', 0, 4);
    assert.equal(getRedrivePoint(dir, workflow, FAN_OUTS, { params: {}, run: { id: 'r', dir }, visits: {}, states: {} }), undefined);
  });

  it('a damaged snapshot inside a for_each is rebuilt to re-enter it, every member at the block visit', () => {
    writeEvents([['prep', 0], ['both', 0], ['a1', 0], ['b1', 0], ['a2', 0], ['score', 0], ['score[0]', 0], ['score[1]', 0]]);
    for (const [state, value] of [['prep', 1], ['a1', 2], ['b1', 3], ['a2', 4], ['score[0]', 5]] as const) writeResult(state, 0, value);
    const resolved = { id: 'r', file: '/nowhere.yaml', workflow, params: {}, plugins: {}, created_at: '' } as unknown as ResolvedRun;
    const snapshot = rebuildSnapshot(dir, resolved, FAN_OUTS) as unknown as { value: unknown; context: RunContext; children: Record<string, { snapshot: { input: { state: string; visit: number; scope: { item: unknown } } } }> };
    assert.deepEqual(snapshot.value, { score: { m0: 'run', m1: 'run' } });
    assert.deepEqual(snapshot.context.visits, { prep: 1, both: 1, a1: 1, b1: 1, a2: 1 });
    assert.equal(snapshot.context.block?.name, 'score');
    assert.deepEqual(
      Object.values(snapshot.children).map((c) => [c.snapshot.input.state, c.snapshot.input.visit, c.snapshot.input.scope.item]),
      [['score[0]', 0, 1], ['score[1]', 0, 2]],
    );
  });
});
