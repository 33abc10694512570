import { readFileSync, rmSync } from 'node:fs';
import lockfile from 'proper-lockfile';
import { getRunPaths } from './run-paths.js';
import { writeJsonAtomic } from './write-json.js';

/** Another live ser-flow holds the run. */
export class RunLockedError extends Error {}

interface LockOwner {
  pid: number;
  started_at: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(file: string): LockOwner | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

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
    const owner = readOwner(paths.lockOwner);
    if (owner && isAlive(owner.pid)) {
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
  writeJsonAtomic(paths.lockOwner, { pid: process.pid, started_at: new Date().toISOString() } satisfies LockOwner);
  return async () => {
    rmSync(paths.lockOwner, { force: true });
    await release();
  };
}
