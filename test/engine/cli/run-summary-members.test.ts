import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { reportRunResult } from '../../../engine/cli/run-exit.js';
import { writeBlockRun } from '../report/make-block-run-fixture.js';
import { makeTempDir } from './run-helpers.js';

describe('run summary: for_each members', () => {
  let root: string;
  before(() => (root = makeTempDir('ser-flow-summary-members-')));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('prints `X[k].output` from item k of the fan-out\'s output list, and `X.output` as the list', async () => {
    // The run's outputs as the machine context holds them: a for_each state's outputs are per-key lists.
    const runDir = writeBlockRun(join(root, 'done'), 'done');
    const printed: string[] = [];
    const log = console.log;
    console.log = (...args: unknown[]) => void printed.push(args.join(' '));
    try {
      const code = await reportRunResult(
        { status: 'done', runDir, runId: 'blocks-done', outputs: { prep: { value: 2 }, score: { value: [1, 2, 3] } } },
        ['prep.value', 'score[1].value', 'score[2].value', 'score.value', 'score[7].value'],
      );
      assert.equal(code, 0);
    } finally {
      console.log = log;
    }
    assert.equal(printed[0], ['summary:', '  prep.value = 2', '  score[1].value = 2', '  score[2].value = 3', '  score.value = [1,2,3]'].join('\n'));
  });
});
