import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { inspectRunningBlocks, runBlocks } from './run-blocks-workflow.js';
import { makeTempDir, runCli } from './run-helpers.js';

// Real runs of d-blocks.yaml, stopped while two states run inside a block or run to the end.
describe('status: parallel branches and for_each members', function () {
  this.timeout(60_000);
  let root: string;
  before(() => (root = makeTempDir('ser-flow-status-blocks-')));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('names every state unfinished inside the block and lists members under it', async () => {
    let code = -1;
    let stdout = '';
    await inspectRunningBlocks(root, 'score', async (dir) => {
      ({ code, stdout } = await runCli(['status', dir], root));
    });
    assert.equal(code, 0, stdout);
    assert.match(stdout, /^ {2}state: {3}score \(score\[0\], score\[1\] running\)$/m);
    assert.match(stdout, /^ {4}score:\n {6}score\[0\]: 0 visit\(s\), 0 finished attempt\(s\), 1 running, \S+\n {6}score\[1\]: .*1 running.*\n {6}score\[2\]: 1 visit\(s\), 1 finished attempt\(s\)/m);
    // The finished block's branches, each with its states in order (the branches started at once, in either order).
    const ens = /^ {4}ens: 1 visit\(s\)\n((?: {6}.*\n)+)/m.exec(stdout)?.[1] ?? '';
    const branches = ens.split(/^ {6}(?=\w+:\n)/m).filter(Boolean).map((text) => [...text.matchAll(/^(\w+):$|^ {8}(\w+): 1 visit\(s\), 1 finished attempt/gm)].map((m) => m[1] ?? m[2]));
    assert.deepEqual(branches.sort(), [['left', 'train_left', 'score_left'], ['right', 'train_right']]);
    assert.match(stdout, /^ {4}prep: 1 visit\(s\)/m);
  });

  it('--json carries the running states and each member\'s block', async () => {
    let code = -1;
    let stdout = '';
    await inspectRunningBlocks(root, 'ens', async (dir) => {
      ({ code, stdout } = await runCli(['status', dir, '--json'], root));
    });
    assert.equal(code, 0, stdout);
    const report = JSON.parse(stdout) as { current: string; running: string[]; states: Record<string, { block?: string; branch?: string }> };
    assert.equal(report.current, 'ens');
    assert.deepEqual(report.running, ['train_left', 'train_right']);
    assert.equal(report.states.train_left.block, 'ens');
    assert.equal(report.states.train_left.branch, 'left');
    assert.equal(report.states.prep.block, undefined);
  });

  it('shows a finished block with its visit count and the members\' output lists', async () => {
    const { stdout } = await runCli(['status', await runBlocks(root)], root);
    assert.match(stdout, /^ {4}score: 1 visit\(s\)\n {6}outputs: \{"value":\[0,2,4\],"label":\["member 0","member 1","member 2"\],.*\}\n {6}score\[0\]: 1 visit\(s\), 1 finished attempt\(s\)/m);
    assert.doesNotMatch(stdout, /state: /);
  });
});
