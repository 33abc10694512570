import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareCommand } from '../../../engine/cli/compare.js';
import { buildCompareTable } from '../../../engine/grid/compare-trials.js';
import { writeTrialsFile, type TrialsFile } from '../../../engine/grid/trials-file.js';

const file: TrialsFile = {
  run_id: 'grid-1',
  workflow_file: '/w/grid.yaml',
  params: { tau: 0.5, lr: 1 },
  grid: { matrix: { tau: [0.6, 0.7], lr: [1, 2] }, metric: { name: 'evaluate.acc', goal: 'maximize' } },
  trials: [
    { index: 0, matrix: { tau: 0.6, lr: 1 }, params: { tau: 0.6, lr: 1 }, dir: 'trials/0', run_id: 'g0', status: 'succeeded', states: { evaluate: { outputs: { acc: 0.71, loss: 0.5, note: 'x' } } } },
    { index: 1, matrix: { tau: 0.6, lr: 2 }, params: { tau: 0.6, lr: 2 }, dir: 'trials/1', run_id: 'g1', status: 'failed', states: {} },
    { index: 2, matrix: { tau: 0.7, lr: 1 }, params: { tau: 0.7, lr: 1 }, dir: 'trials/2', run_id: 'g2', status: 'succeeded', states: { evaluate: { outputs: { acc: 0.75, loss: 0.7 } } } },
    { index: 3, matrix: { tau: 0.7, lr: 2 }, params: { tau: 0.7, lr: 2 }, dir: 'trials/3', run_id: 'g3', status: 'succeeded', states: { evaluate: { outputs: { acc: 0.7, loss: 0.2 } } } },
  ],
};

describe('grid: compare', () => {
  it('ranks trials by the grid metric, missing values last', () => {
    const table = buildCompareTable({ file });
    assert.deepEqual(table.columns, ['rank', 'trial', 'status', 'tau', 'lr', 'evaluate.acc', 'evaluate.loss']);
    assert.deepEqual(table.rows.map((r) => r[1]), [2, 0, 3, 1]);
    assert.deepEqual(table.rows[3], [4, 1, 'failed', 0.6, 2, null, null]);
  });

  it('sorts by another column and goal on request, and names the columns when the sort key is unknown', () => {
    assert.deepEqual(buildCompareTable({ file, sort: 'evaluate.loss', goal: 'minimize' }).rows.map((r) => r[1]), [3, 0, 2, 1]);
    assert.throws(() => buildCompareTable({ file, sort: 'evaluate.acc2' }), /--sort evaluate.acc2: no trial has a numeric output of that name; use one of: evaluate.acc, evaluate.loss/);
  });

  it('the text table hides metrics equal in every trial, except the ranking metric', () => {
    const same = { ...file, trials: file.trials.map((t) => ({ ...t, states: { evaluate: { outputs: { acc: 0.5, size: 10, loss: t.index } } } })) };
    const table = buildCompareTable({ file: same, onlyVarying: true });
    assert.deepEqual(table.columns.slice(5), ['evaluate.acc', 'evaluate.loss']);
    assert.deepEqual(table.hidden, ['evaluate.size']);
    assert.deepEqual(buildCompareTable({ file: same }).hidden, []);
  });

  it('prints a table, CSV and JSON from a run folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ser-flow-compare-'));
    try {
      writeTrialsFile(dir, file);
      let out = '';
      const write = (t: string) => (out += t);
      await compareCommand({ cwd: dir, run: dir, write });
      assert.match(out, /^rank +trial +status +tau +lr +evaluate\.acc +evaluate\.loss\n/);
      assert.match(out, /sorted by evaluate\.acc \(highest first\)/);
      out = '';
      await compareCommand({ cwd: dir, run: dir, csv: true, write });
      assert.equal(out.split('\r\n')[1], '1,2,succeeded,0.7,1,0.75,0.7');
      out = '';
      await compareCommand({ cwd: dir, run: dir, json: true, sort: 'evaluate.loss', goal: 'minimize', write });
      const json = JSON.parse(out);
      assert.equal(json.sorted_by, 'evaluate.loss');
      assert.deepEqual(json.trials[0], { rank: 1, trial: 3, status: 'succeeded', tau: 0.7, lr: 2, 'evaluate.loss': 0.2, 'evaluate.acc': 0.7 });
      await assert.rejects(compareCommand({ cwd: dir, run: 'nope', write }), (e: Error & { code?: number }) => e.code === 2 && /no run "nope"/.test(e.message));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
