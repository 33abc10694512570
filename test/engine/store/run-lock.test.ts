import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeRunId } from '../../../engine/store/run-id.js';
import { readProcessStartTicks } from '../../../engine/store/lock-owner.js';
import { isRunHeld, lockRun, RunLockedError } from '../../../engine/store/run-lock.js';
import { getRunPaths } from '../../../engine/store/run-paths.js';

describe('run store', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ser-flow-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('makes run ids <name>-<yyyymmdd-hhmmss>-<4 hex>', () => {
    assert.match(makeRunId('ser', new Date('2025-01-02T03:04:05Z')), /^ser-20250102-030405-[0-9a-f]{4}$/);
  });

  it('refuses a second lock while the owner lives, and works again after release', async () => {
    const release = await lockRun(dir, () => undefined);
    await assert.rejects(lockRun(dir, () => undefined), (error: unknown) => error instanceof RunLockedError && /in use by another ser-flow \(pid \d+/.test(error.message));
    await release();
    const again = await lockRun(dir, () => undefined);
    await again();
  });

  it('takes over a lock whose recorded owner is dead (a killed ser-flow)', async () => {
    const paths = getRunPaths(dir);
    mkdirSync(paths.lock);
    // pid 2^22 + 1 is above Linux's pid_max, so no process has it.
    writeFileSync(paths.lockOwner, JSON.stringify({ pid: 4_194_305, started_at: 'then' }));
    const release = await lockRun(dir, () => undefined);
    assert.ok(isRunHeld(dir));
    await release();
    assert.ok(!existsSync(paths.lock), 'release removes the lock');
  });

  it('keeps the lock of a live owner however old its refresh, and takes it over when the pid was reused', async () => {
    const paths = getRunPaths(dir);
    const sleeper = spawn('sleep', ['30']);
    try {
      const ticks = readProcessStartTicks(sleeper.pid!);
      assert.ok(ticks, 'start time readable from /proc');
      mkdirSync(paths.lock);
      writeFileSync(paths.lockOwner, JSON.stringify({ pid: sleeper.pid, started_at: 'then', host: hostname(), start_ticks: ticks, token: 't1' }));
      const old = new Date(Date.now() - 3_600_000);
      utimesSync(paths.lockOwner, old, old);
      utimesSync(paths.lock, old, old);
      await assert.rejects(lockRun(dir, () => undefined), (error: unknown) => error instanceof RunLockedError && new RegExp(`pid ${sleeper.pid}`).test(error.message));
      // Same pid, other start time: the pid now belongs to another process, so the owner is dead.
      writeFileSync(paths.lockOwner, JSON.stringify({ pid: sleeper.pid, started_at: 'then', host: hostname(), start_ticks: '1', token: 't2' }));
      const release = await lockRun(dir, () => undefined);
      await release();
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  it('an owner on another host keeps the lock until it has not refreshed it for SER_FLOW_LOCK_STALE_MS', async () => {
    const paths = getRunPaths(dir);
    mkdirSync(paths.lock);
    writeFileSync(paths.lockOwner, JSON.stringify({ pid: 1, started_at: 'then', host: 'elsewhere.example', token: 't' }));
    await assert.rejects(lockRun(dir, () => undefined), (error: unknown) => error instanceof RunLockedError && /pid 1 on host elsewhere\.example/.test(error.message));
    const old = new Date(Date.now() - 11 * 60_000);
    utimesSync(paths.lockOwner, old, old);
    const release = await lockRun(dir, () => undefined);
    await release();
  });
});
