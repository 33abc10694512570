import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRun } from '../../../engine/report/read-run.js';
import { formatWatchFrame } from '../../../engine/watch/format-watch-frame.js';
import { getWatchView } from '../../../engine/watch/get-watch-view.js';
import { inspectRunningBlocks } from '../cli/run-blocks-workflow.js';
import { runCli } from '../report/run-cli.js';

// Real runs of d-blocks.yaml, read while two states run inside a block.
describe('watch: states running at once inside a block', function () {
  this.timeout(60_000);
  let root: string;
  before(() => (root = mkdtempSync(join(tmpdir(), 'ser-flow-watch-blocks-'))));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('shows both running members of a for_each state, grouped under it with their own progress', async () => {
    let view!: ReturnType<typeof getWatchView>;
    await inspectRunningBlocks(root, 'score', async (dir) => {
      view = getWatchView(await readRun(dir));
    });
    assert.equal(view.current, 'score');
    assert.deepEqual(view.running, ['score[0]', 'score[1]']);
    const steps = view.steps.map((s) => `${s.block ?? '-'} ${s.state} ${s.finished ? 'finished' : 'running'}`);
    // Running members first, then the block's finished member; the earlier block's states stay together.
    assert.deepEqual(steps.slice(0, 3), ['score score[0] running', 'score score[1] running', 'score score[2] finished']);
    // The finished parallel block's states stay together, branch by branch (newest first within a branch).
    const first = steps.findIndex((s) => s.startsWith('ens '));
    assert.deepEqual(steps.slice(first, first + 3), ['ens score_left finished', 'ens train_left finished', 'ens train_right finished']);
    const frame = formatWatchFrame(view, Date.now());
    assert.match(frame, /\nstatus: running · state: score \(score\[0\], score\[1\]\) · elapsed /);
    assert.match(frame, /\nsteps:\n {2}score:\n {4}score\[0\] #0 {2}\[######\.{18}\] 1\/4 member 0 \(attempt 1\)\n {4}score\[1\] #0 {2}\[#{12}\.{12}\] 2\/4 member 1 \(attempt 1\)\n {4}score\[2\] #0 {2}finished\n/);
  });

  it('shows both branches of a parallel state running at once', async () => {
    let view!: ReturnType<typeof getWatchView>;
    await inspectRunningBlocks(root, 'ens', async (dir) => {
      view = getWatchView(await readRun(dir));
    });
    assert.equal(view.current, 'ens');
    assert.deepEqual(view.running, ['train_left', 'train_right']);
    const frame = formatWatchFrame(view, Date.now());
    // Both under the block, branch by branch in declaration order (they started at once, in either order).
    assert.match(frame, /\nsteps:\n {2}ens:\n {4}train_left #0 {2}\[#{12}\.{12}\] 2\/4 left \(attempt 1\)\n {4}train_right #0 {2}\[#{18}\.{6}\] 3\/4 right \(attempt 1\)\n {2}prep #0 {2}finished\n/);
  });

  it('ser-flow watch --once prints the grouped frame of a run folder', async () => {
    let result!: Awaited<ReturnType<typeof runCli>>;
    await inspectRunningBlocks(root, 'score', async (dir) => {
      result = await runCli(['watch', dir, '--once']);
    }, 'blocks-cli');
    assert.equal(result.exitCode, 0, result.all);
    assert.match(result.stdout, /state: score \(score\[0\], score\[1\]\)/);
    assert.match(result.stdout, /\n {2}score:\n {4}score\[0\] #0 /);
  });
});
