import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRun } from '../../../engine/report/read-run.js';
import { formatWatchFrame } from '../../../engine/watch/format-watch-frame.js';
import { getWatchView } from '../../../engine/watch/get-watch-view.js';
import { writeGridRun } from '../report/make-run-fixture.js';
import { writeRunningRun } from './running-run.js';

describe('watch view', () => {
  let root: string;
  before(() => (root = mkdtempSync(join(tmpdir(), 'ser-flow-watch-view-'))));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('shows the current state, the running step first with its progress, visit counts and latest metrics', async () => {
    const view = getWatchView(await readRun(writeRunningRun(join(root, 'live'))));
    assert.equal(view.current, 'train');
    assert.equal(view.status, 'running');
    assert.deepEqual(view.steps[0], { state: 'train', visit: 1, attempts: 1, finished: false, progress: view.steps[0].progress });
    assert.equal(view.steps[0].progress?.current, 3);
    assert.deepEqual(
      view.visits.map((v) => `${v.state} ${v.count}/${v.max ?? '-'}`),
      ['evaluate 1/5', 'prep 1/-', 'select 1/5', 'train 2/5'],
    );
    assert.deepEqual(view.metrics[0], { name: 'train.loss', value: 0.42, step: 3 }, 'the newest visit’s metric wins');
    const frame = formatWatchFrame(view, Date.parse('2025-01-02T03:10:05Z'));
    assert.match(frame, /^loop-demo · live-1\nstatus: running · state: train · elapsed 6 min 0 s\n/);
    assert.match(frame, /\n {2}train #1 {2}\[#######\.{17}\] 3\/10 epoch 1 \(attempt 1\)\n/);
    assert.match(frame, /\n {2}evaluate\.accuracy = 0\.61\n/);
  });

  it('counts grid trials by status and shows where each running trial is', async () => {
    const dir = writeGridRun(join(root, 'grid'), 'grid-1', () => 0.5);
    const view = getWatchView(await readRun(dir));
    assert.deepEqual(view.trials, { done: 4 });
    assert.equal(view.runningTrials, undefined);
    assert.match(formatWatchFrame(view, Date.now()), /\ntrials: 4 done\n/);
    writeRunningRun(join(dir, 'trials', '2'));
    const live = getWatchView(await readRun(dir));
    assert.deepEqual(live.trials, { done: 3, running: 1 });
    assert.match(formatWatchFrame(live, Date.now()), /\ntrials: 3 done, 1 running\n {2}live-1: train {2}\[#+\.+\] 3\/10 epoch 1 \(attempt 1\)\n/);
  });
});
