import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareCommand } from '../../../engine/cli/compare.js';
import { buildCompareTable } from '../../../engine/grid/compare-trials.js';
import { writeTrialsFile, type TrialsFile } from '../../../engine/grid/trials-file.js';
import { runCli, workflowsDir } from './run-cli.js';

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

  it('the terminal view shows varying params, the ranking metric, then varying key outputs, then other varying metrics', () => {
    const same = {
      ...file,
      trials: file.trials.map((t) => ({ ...t, matrix: { ...t.matrix, mode: 'a' }, states: { evaluate: { outputs: { acc: 0.5, size: 10, loss: t.index, kind: `k${t.index % 2}`, other: -t.index } } } })),
    };
    const table = buildCompareTable({ file: same, keyOutputs: ['evaluate.size', 'evaluate.kind'] });
    assert.deepEqual(table.columns, ['rank', 'trial', 'status', 'tau', 'lr', 'evaluate.acc', 'evaluate.kind', 'evaluate.loss', 'evaluate.other']);
    assert.equal(table.fixed, 6, 'rank, trial, status, two varying params and the ranking metric always show');
    assert.deepEqual(table.hidden, ['evaluate.size']);
  });

  it('--columns picks params and outputs, and names the choices when one is unknown', () => {
    const table = buildCompareTable({ file, columns: ['lr', 'evaluate.loss'] });
    assert.deepEqual(table.columns, ['rank', 'trial', 'status', 'lr', 'evaluate.loss']);
    assert.deepEqual(table.rows[0], [1, 2, 'succeeded', 1, 0.7]);
    assert.throws(() => buildCompareTable({ file, columns: ['nope'] }), /--columns nope: no such param or output; use params tau, lr or outputs evaluate\.acc, evaluate\.loss, evaluate\.note/);
  });

  it('the terminal table fits its width: later columns that do not fit are left out and counted', async () => {
    const wide = {
      ...file,
      trials: file.trials.map((t) => ({ ...t, states: { evaluate: { outputs: Object.fromEntries([['acc', t.index / 10], ...Array.from({ length: 30 }, (_, k) => [`metric_number_${k}`, t.index + k / 7])]) } } })),
    };
    const dir = mkdtempSync(join(tmpdir(), 'ser-flow-compare-'));
    try {
      writeTrialsFile(dir, wide);
      let out = '';
      await compareCommand({ cwd: dir, run: dir, width: 120, write: (t) => (out += t) });
      const lines = out.trimEnd().split('\n');
      assert.ok(lines.every((l) => l.length <= 120), out);
      assert.match(lines[0]!, /^rank +trial +status +tau +lr +evaluate\.acc +evaluate\.metric_number_0 /);
      assert.match(out, /\d+ more columns do not fit \(--columns a,b picks columns; --json and --csv have them all\)/);
      out = '';
      await compareCommand({ cwd: dir, run: dir, csv: true, write: (t) => (out += t) });
      assert.equal(out.split('\r\n')[0]!.split(',').length, 3 + 2 + 31, 'CSV keeps every column');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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

describe('grid: compare on a real grid run', function () {
  this.timeout(120_000);

  it('shows the outputs of trials whose steps all came from the step cache, read from their step results', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ser-flow-compare-cached-'));
    try {
      const runs = join(dir, 'runs');
      const wf = join(workflowsDir, 'g-grid.yaml');
      const first = await runCli(['run', wf, '--run-dir', runs, '--run-id', 'first']);
      assert.equal(first.exitCode, 0, first.all);
      const second = await runCli(['run', wf, '--run-dir', runs, '--run-id', 'second']);
      assert.equal(second.exitCode, 0, second.all);
      const reused = JSON.parse(readFileSync(join(runs, 'second', 'trials', '0', 'steps', 'finetune', '0', 'result.json'), 'utf8'));
      assert.equal(reused.reused_from.run_id, 'first.t0', 'the trial holds only a result.json pointing at the first grid');
      // Only what the trial's run folder holds: trials.json without the outputs it recorded at the end.
      const trialsFile = join(runs, 'second', 'trials.json');
      const trials = JSON.parse(readFileSync(trialsFile, 'utf8')) as TrialsFile;
      for (const trial of trials.trials) delete trial.states;
      writeFileSync(trialsFile, JSON.stringify(trials));
      const shown = await runCli(['compare', 'second', '--run-dir', runs]);
      const expected = await runCli(['compare', 'first', '--run-dir', runs]);
      assert.equal(shown.exitCode, 0, shown.all);
      assert.match(shown.stdout, /^rank +trial +status +tau +lr +finetune\.value/);
      assert.equal(shown.stdout, expected.stdout, 'the cached grid shows the same table as the grid that executed its steps');
      assert.doesNotMatch(shown.stdout.split('\n').slice(2, 6).join('\n'), / - /, 'every trial has its values');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
