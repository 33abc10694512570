import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { reportRunResult } from '../../../engine/cli/run-exit.js';
import { runBlocks } from './run-blocks-workflow.js';
import { makeTempDir, readJson } from './run-helpers.js';

describe('run summary: for_each members', function () {
  this.timeout(60_000);
  let root: string;
  before(() => (root = makeTempDir('ser-flow-summary-members-')));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('prints `X[k].output` from item k of the fan-out\'s output list, and `X.output` as the list', async () => {
    const runDir = await runBlocks(root);
    const printed: string[] = [];
    const log = console.log;
    console.log = (...args: unknown[]) => void printed.push(args.join(' '));
    try {
      const code = await reportRunResult(
        // The run's outputs as the machine context holds them: a for_each state's outputs are per-key lists.
        { status: 'done', runDir, runId: 'blocks-done', outputs: readJson<{ outputs: Record<string, Record<string, unknown>> }>(join(runDir, 'run.json')).outputs },
        ['prep.value', 'score[1].value', 'score[2].value', 'score.value', 'score[7].value'],
      );
      assert.equal(code, 0);
    } finally {
      console.log = log;
    }
    assert.equal(printed[0], ['summary:', '  prep.value = 2', '  score[1].value = 2', '  score[2].value = 4', '  score.value = [0,2,4]'].join('\n'));
  });
});
