import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, workflowsDir } from '../grid/run-cli.js';

const workflow = join(workflowsDir, 'r-console.yaml');

describe('console off a terminal (stdout piped)', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ser-flow-console-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prints state changes, warnings and the summary, not every training step; --verbose prints them all; run.log.jsonl keeps them', async () => {
    const quiet = await runCli(['run', workflow, '--run-dir', join(dir, 'quiet'), '--run-id', 'q']);
    assert.equal(quiet.exitCode, 0, quiet.all);
    const verbose = await runCli(['run', workflow, '--run-dir', join(dir, 'verbose'), '--run-id', 'v', '--no-cache', '--verbose']);
    assert.equal(verbose.exitCode, 0, verbose.all);
    const quietLines = quiet.all.split('\n');
    const verboseLines = verbose.all.split('\n');
    // 3 visits of grow × 50 training steps: 150 metric lines that only --verbose prints.
    assert.equal(verboseLines.filter((l) => /grow ▸ loss = [\d.]+ \(step \d+\)/.test(l)).length, 150, verbose.all);
    assert.equal(quietLines.filter((l) => /\(step \d+\)/.test(l)).length, 0, quiet.all);
    assert.ok(quietLines.length < 60 && verboseLines.length > quietLines.length + 150, `${quietLines.length} quiet lines, ${verboseLines.length} verbose`);
    assert.doesNotMatch(quiet.all, /attempt 1\/1 started/);
    for (const pattern of [/grow ▸ entered \(visit 2\)/, /check ▸ finished: \{"value":21\}/, /grow ▸ value = 3\b/, /grow ▸ warning: .*ignored a bad event line/, /summary:\n  grow\.value = 3\n  check\.value = 21\n/, /run q done/]) {
      assert.match(quiet.all, pattern);
    }
    const log = readFileSync(join(dir, 'quiet', 'q', 'run.log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(log.filter((l) => /^loss = .* \(step \d+\)$/.test(String(l.message))).length, 150, 'the log file keeps every training step');
    assert.ok(log.every((l) => !('detail' in l)), 'the log file has no console-only field');
    assert.equal(log.filter((l) => l.message === 'attempt 1/1 started').length, 5);
  });

  it('ends the summary with a per-loop table from the report charts, the same numbers as the summary', async () => {
    const run = await runCli(['run', workflow, '--run-dir', dir, '--run-id', 'r']);
    assert.equal(run.exitCode, 0, run.all);
    assert.match(run.stdout, /summary:\n  grow\.value = 3\n  check\.value = 21\nper loop:\n  loop  grow\.value  check\.value\n     0           1            -\n     1           2           11\n     2           3           21\nrun r done/);
    assert.deepEqual(readdirSync(join(dir, 'r', 'steps')).sort(), ['check', 'grow']);
    const resumed = await runCli(['resume', join(dir, 'r'), '--verbose']);
    assert.equal(resumed.exitCode, 0, resumed.all);
    assert.match(resumed.stdout, /run r is already done/);
  });
});
