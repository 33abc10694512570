import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeBlockRun } from '../report/make-block-run-fixture.js';
import { makeTempDir, runCli } from './run-helpers.js';

// Run folders written by hand in the #11 layout (see make-block-run-fixture.ts) until the runtime is merged.
describe('status: parallel branches and for_each members', () => {
  let root: string;
  before(() => (root = makeTempDir('ser-flow-status-blocks-')));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('names every state unfinished inside the block and lists members under it', async () => {
    const dir = writeBlockRun(join(root, 'score'), 'score');
    const { code, stdout } = await runCli(['status', dir], root);
    assert.equal(code, 0, stdout);
    assert.match(stdout, /^ {2}state: {3}score \(score\[0\], score\[1\] unfinished\)$/m);
    assert.match(stdout, /^ {4}score:\n {6}score\[0\]: 0 visit\(s\), 0 finished attempt\(s\), 1 interrupted, 0\.0s\n {6}score\[1\]: .*1 interrupted.*\n {6}score\[2\]: 1 visit\(s\), 1 finished attempt\(s\)/m);
    assert.match(stdout, /^ {4}ens:\n {6}train_left: .*\n {6}train_right: .*\n {6}score_left: /m);
    assert.match(stdout, /^ {4}prep: 1 visit\(s\)/m);
  });

  it('--json carries the running states and each member\'s block', async () => {
    const dir = writeBlockRun(join(root, 'ens'), 'ens');
    const { code, stdout } = await runCli(['status', dir, '--json'], root);
    assert.equal(code, 0, stdout);
    const report = JSON.parse(stdout) as { current: string; running: string[]; states: Record<string, { block?: string }> };
    assert.equal(report.current, 'ens');
    assert.deepEqual(report.running, ['train_left', 'train_right']);
    assert.equal(report.states.train_left.block, 'ens');
    assert.equal(report.states.prep.block, undefined);
  });

  it('shows a finished block with its visit count and the members\' output lists', async () => {
    const dir = writeBlockRun(join(root, 'done'), 'done');
    const { stdout } = await runCli(['status', dir], root);
    assert.match(stdout, /^ {4}score: 1 visit\(s\)\n {6}outputs: \{"value":\[1,2,3\]\}\n {6}score\[0\]: 1 visit\(s\)/m);
    assert.doesNotMatch(stdout, /state: /);
  });
});
