import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalExecutor } from '../../../engine/executors/local.js';
import type { LaunchOptions } from '../../../engine/executors/executor.js';
import { isProcessGone, waitFor } from '../cli/run-helpers.js';

/** A node program that starts a hanging child (same process group), records both pids, then hangs. */
const HANG_WITH_CHILD = `
const { spawn } = require('node:child_process');
const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
require('node:fs').writeFileSync(process.argv[1], JSON.stringify({ parent: process.pid, child: child.pid }));
setInterval(() => {}, 1000);`;

describe('local executor', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ser-flow-exec-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const options = (argv: string[], signal = new AbortController().signal): LaunchOptions => ({
    argv,
    cwd: dir,
    env: { CUDA_VISIBLE_DEVICES: '' },
    attemptDir: dir,
    stdoutFile: join(dir, 'stdout.log'),
    stderrFile: join(dir, 'stderr.log'),
    signal,
    killGraceMs: 1000,
  });

  it('reports the exit code and writes stdout/stderr to their files', async () => {
    const result = await createLocalExecutor().launch(options([process.execPath, '-e', "console.log('out'); console.error('err'); process.exit(3)"]));
    assert.equal(result.reason, 'exited');
    assert.equal(result.reason === 'exited' && result.exitCode, 3);
    assert.equal(readFileSync(join(dir, 'stdout.log'), 'utf8'), 'out\n');
    assert.equal(readFileSync(join(dir, 'stderr.log'), 'utf8'), 'err\n');
  });

  it('on cancel, kills the whole process group including grandchildren', async () => {
    const pidFile = join(dir, 'pids.json');
    const controller = new AbortController();
    const running = createLocalExecutor().launch(options([process.execPath, '-e', HANG_WITH_CHILD, pidFile], controller.signal));
    await waitFor('the pid file', () => existsSync(pidFile) && readFileSync(pidFile, 'utf8').length > 0, 20_000);
    const { parent, child } = JSON.parse(readFileSync(pidFile, 'utf8')) as { parent: number; child: number };
    controller.abort();
    const result = await running;
    assert.equal(result.reason, 'cancelled');
    await waitFor('both processes to be gone', () => isProcessGone(parent) && isProcessGone(child), 5000);
  });

  it('on cancel, also kills a grandchild that called setsid and one whose parent exited (found by SER_FLOW_ATTEMPT)', async () => {
    const pidFile = join(dir, 'pids.json');
    const hang = 'setInterval(() => {}, 1000)';
    const program = `
const { spawn, spawnSync } = require('node:child_process');
const escaped = spawn(process.execPath, ['-e', ${JSON.stringify(hang)}], { stdio: 'ignore', detached: true });
const starter = "const c = require('node:child_process').spawn(process.execPath, ['-e', '${hang}'], { stdio: 'ignore', detached: true }); console.log(c.pid); c.unref();";
const orphan = Number(spawnSync(process.execPath, ['-e', starter], { encoding: 'utf8' }).stdout.trim());
require('node:fs').writeFileSync(process.argv[1], JSON.stringify({ escaped: escaped.pid, orphan }));
setInterval(() => {}, 1000);`;
    const controller = new AbortController();
    const running = createLocalExecutor().launch(options([process.execPath, '-e', program, pidFile], controller.signal));
    await waitFor('the pid file', () => existsSync(pidFile) && readFileSync(pidFile, 'utf8').length > 0, 20_000);
    const { escaped, orphan } = JSON.parse(readFileSync(pidFile, 'utf8')) as { escaped: number; orphan: number };
    assert.ok(!isProcessGone(escaped) && !isProcessGone(orphan));
    controller.abort();
    assert.equal((await running).reason, 'cancelled');
    await waitFor('both descendants to be gone', () => isProcessGone(escaped) && isProcessGone(orphan), 5000);
  });

  it('times out and kills the group', async () => {
    const pidFile = join(dir, 'pids.json');
    const result = await createLocalExecutor().launch({ ...options([process.execPath, '-e', HANG_WITH_CHILD, pidFile]), timeoutMs: 1500 });
    assert.equal(result.reason, 'timeout');
    const { child } = JSON.parse(readFileSync(pidFile, 'utf8')) as { child: number };
    await waitFor('the child to be gone', () => isProcessGone(child), 5000);
  });

  it('reports a program that cannot start', async () => {
    const result = await createLocalExecutor().launch(options([join(dir, 'no-such-program')]));
    assert.equal(result.reason, 'spawn-failed');
    assert.match(result.reason === 'spawn-failed' ? result.message : '', /ENOENT/);
  });
});
