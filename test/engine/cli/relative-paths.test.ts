import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { cli, getOnlyRun, readStepLog, workflowsDir } from '../grid/run-cli.js';

function startCliIn(cwd: string, args: string[], log: string) {
  // PWD names another folder on purpose: the engine must not guess the start folder from the shell.
  return execa(process.execPath, [cli, ...args], { cwd, env: { ...process.env, G_WORK_LOG: log, PWD: tmpdir() }, reject: false, all: true });
}

describe('relative paths in params', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ser-flow-relative-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('mean the folder `run` started in, for every step and for a resume started in another folder', async () => {
    const start = join(dir, 'project');
    const elsewhere = join(dir, 'elsewhere');
    mkdirSync(join(start, 'data'), { recursive: true });
    mkdirSync(elsewhere);
    writeFileSync(join(start, 'data', 'pairs.txt'), '12345');
    writeFileSync(join(elsewhere, 'data.txt'), 'a decoy of another length');
    const log = join(dir, 'steps.jsonl');
    const wf = join(workflowsDir, 'g-relative.yaml');

    const run = startCliIn(start, ['run', wf, '--set', 'data=data/pairs.txt', '--set', 'ms=3000', '--run-dir', 'runs'], log);
    for (let i = 0; i < 200 && !hasStarted(start); i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(hasStarted(start), 'the first step should have started');
    run.kill('SIGINT');
    assert.equal((await run).exitCode, 130);

    const runDir = getOnlyRun(join(start, 'runs'));
    assert.equal(JSON.parse(readFileSync(join(runDir, 'resolved.json'), 'utf8')).cwd, start);
    const resumed = await startCliIn(elsewhere, ['resume', runDir], log);
    assert.equal(resumed.exitCode, 0, String(resumed.all));
    const read = readStepLog(log).find((line) => line.label === 'read') as { run_cwd?: string } | undefined;
    assert.equal(read?.run_cwd, start);
    assert.deepEqual(JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')).outputs.read.value, 5, 'read data/pairs.txt of the start folder');
  });
});

function hasStarted(start: string): boolean {
  try {
    return readFileSync(join(getOnlyRun(join(start, 'runs')), 'events.jsonl'), 'utf8').includes('"attempt-started"');
  } catch {
    return false;
  }
}
