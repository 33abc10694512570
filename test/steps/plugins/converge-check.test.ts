import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPlugin } from '../lib/ser/run-plugin.js';

describe('converge-check plugin', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'ser-converge-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('carries the dev history from visit to visit and stops on a plateau', () => {
    const first = runPlugin({ name: 'converge-check', dir: join(dir, '0'), inputs: { status: 'status1', loop: 0, max_loops: 5, baseline_dev_accuracy: 0.6, dev_accuracy: 0.65, history: null, min_delta: 0.01 } });
    assert.equal(first.status, 0, first.stderr);
    assert.deepEqual([first.outputs!.converged, first.outputs!.reason, first.outputs!.dev_history], [false, 'continue', [0.6, 0.65]]);
    const second = runPlugin({ name: 'converge-check', dir: join(dir, '1'), inputs: { status: 'status2', loop: 1, max_loops: 5, dev_accuracy: 0.652, history: first.outputs!.history, min_delta: 0.01 } });
    assert.deepEqual([second.outputs!.converged, second.outputs!.reason, second.outputs!.dev_history], [true, 'plateau', [0.6, 0.65, 0.652]]);
  });

  it('stops on the stop status and on the loop budget', () => {
    const stop = runPlugin({ name: 'converge-check', dir: join(dir, 's'), inputs: { status: 'stop', loop: 0, max_loops: 3 } });
    assert.deepEqual([stop.outputs!.converged, stop.outputs!.reason], [true, 'stop-status']);
    const budget = runPlugin({ name: 'converge-check', dir: join(dir, 'b'), inputs: { status: 'status1', loop: 2, max_loops: 3 } });
    assert.deepEqual([budget.outputs!.converged, budget.outputs!.reason, budget.outputs!.loops_done], [true, 'max-loops', 3]);
  });
});
