import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeRunId } from '../../../engine/store/run-id.js';
import { lockRun, RunLockedError } from '../../../engine/store/run-lock.js';
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
    await release();
  });
});
