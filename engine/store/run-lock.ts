import { rmSync } from 'node:fs';
import lockfile from 'proper-lockfile';
import { isProcessAlive, readLockOwner, removeLockOwner, writeLockOwner } from './lock-owner.js';
import { getRunPaths } from './run-paths.js';

/** Another live ser-flow holds the run. */
export class RunLockedError extends Error {}

/**
 * Takes the run folder's lock (proper-lockfile, refreshed while we live) and records our pid beside it,
 * so a lock left by a killed ser-flow is taken over at once instead of after the stale timeout.
 * Returns the release function; throws RunLockedError when a live process holds it.
 */
export async function lockRun(runDir: string, onCompromised: (error: Error) => void): Promise<() => Promise<void>> {
  const paths = getRunPaths(runDir);
  const options = { lockfilePath: paths.lock, realpath: false, stale: 10_000, onCompromised };
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(runDir, options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    const owner = readLockOwner(paths.lockOwner);
    if (owner && isProcessAlive(owner.pid)) {
      throw new RunLockedError(
        `run ${runDir} is in use by another ser-flow (pid ${owner.pid}, since ${owner.started_at}); wait for it to finish or stop it first`,
      );
    }
    if (!owner) {
      throw new RunLockedError(`run ${runDir} is locked (${paths.lock} exists) by another ser-flow; wait for it or remove the lock folder`);
    }
    // The recorded owner is gone (killed): the lock is ours to take over.
    rmSync(paths.lock, { recursive: true, force: true });
    release = await lockfile.lock(runDir, options);
  }
  writeLockOwner(paths.lockOwner);
  return async () => {
    removeLockOwner(paths.lockOwner);
    await release();
  };
}
