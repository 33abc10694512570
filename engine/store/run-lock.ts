import { existsSync, mkdirSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { isOnThisHost, isOwnerAlive, makeLockOwner, readLockOwner, type LockOwner } from './lock-owner.js';
import { getRunPaths } from './run-paths.js';
import { writeJsonAtomic } from './write-json.js';

/** Another live ser-flow holds the run. */
export class RunLockedError extends Error {}

/** An owner on another host that has not refreshed its lock for this long is taken for dead (10 min). */
const DEFAULT_FOREIGN_STALE_MS = 10 * 60_000;
const REFRESH_MS = 30_000;

/** SER_FLOW_LOCK_STALE_MS overrides the bound for owners on another host (shared run folders under Slurm). */
export function getForeignStaleMs(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.SER_FLOW_LOCK_STALE_MS);
  return env.SER_FLOW_LOCK_STALE_MS && Number.isFinite(value) && value > 0 ? value : DEFAULT_FOREIGN_STALE_MS;
}

function getRefreshedAt(ownerFile: string): number | undefined {
  try {
    return statSync(ownerFile).mtimeMs;
  } catch {
    return undefined;
  }
}

/** Why the current holder keeps the run, or undefined when its lock may be taken over. */
function getHoldReason(runDir: string, owner: LockOwner | undefined, ownerFile: string): string | undefined {
  if (owner && isOnThisHost(owner)) {
    return isOwnerAlive(owner) ? `run ${runDir} is in use by another ser-flow (pid ${owner.pid}, since ${owner.started_at}); wait for it to finish or stop it first` : undefined;
  }
  // Another host (or an owner file not readable yet): only its refresh time can tell.
  const refreshedAt = getRefreshedAt(ownerFile) ?? getRefreshedAt(join(ownerFile, '..'));
  const staleMs = getForeignStaleMs();
  if (refreshedAt === undefined || Date.now() - refreshedAt > staleMs) return undefined;
  const who = owner ? `pid ${owner.pid} on host ${owner.host}` : 'an unknown owner';
  return `run ${runDir} is in use by another ser-flow (${who}, lock refreshed ${Math.round((Date.now() - refreshedAt) / 1000)} s ago); it is taken over only after ${Math.round(staleMs / 1000)} s without a refresh`;
}

/** Moves a dead owner's lock aside; gives it back if it turns out to be another one's (a racing takeover). */
function removeDeadLock(lockDir: string, judged: LockOwner | undefined): void {
  const aside = `${lockDir}.dead-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(lockDir, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = readLockOwner(join(aside, 'owner.json'));
  if (moved?.token !== judged?.token) {
    try {
      renameSync(aside, lockDir);
      return;
    } catch {
      // A third process locked in between; the one we moved is checked by its owner's refresh.
    }
  }
  rmSync(aside, { recursive: true, force: true });
}

/**
 * Takes the run folder's lock: `run.lock/` holding `owner.json`, put in place by one rename (atomic, also on
 * NFS), so the lock never exists without its owner. A lock is taken over only when its owner is dead: on this
 * host by pid + process start time (a stopped owner keeps it); on another host after getForeignStaleMs without a
 * refresh. Returns the release function; throws RunLockedError when the owner holds the run.
 */
export async function lockRun(runDir: string, onCompromised: (error: Error) => void): Promise<() => Promise<void>> {
  const paths = getRunPaths(runDir);
  const token = randomBytes(8).toString('hex');
  const prepared = `${paths.lock}.new-${process.pid}-${token}`;
  mkdirSync(prepared);
  writeJsonAtomic(join(prepared, 'owner.json'), makeLockOwner(token));
  try {
    for (let tries = 0; ; tries += 1) {
      try {
        renameSync(prepared, paths.lock);
        break;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'EISDIR') throw error;
      }
      const owner = readLockOwner(paths.lockOwner);
      const reason = getHoldReason(runDir, owner, paths.lockOwner);
      if (reason || tries > 5) throw new RunLockedError(reason ?? `run ${runDir} is locked (${paths.lock}) and could not be taken over; try again`);
      removeDeadLock(paths.lock, owner);
    }
  } catch (error) {
    rmSync(prepared, { recursive: true, force: true });
    throw error;
  }
  // Refresh for owners on other hosts; a lock that no longer names us was taken (should never happen).
  const timer = setInterval(() => {
    if (readLockOwner(paths.lockOwner)?.token !== token) {
      clearInterval(timer);
      onCompromised(new Error(`${paths.lock} no longer names this process`));
      return;
    }
    const now = new Date();
    try {
      utimesSync(paths.lockOwner, now, now);
    } catch {
      // Removed between the check and the touch: the next tick reports it.
    }
  }, REFRESH_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    if (readLockOwner(paths.lockOwner)?.token === token) rmSync(paths.lock, { recursive: true, force: true });
  };
}

/** Whether a live ser-flow holds the run (what `status` calls live); read-only. */
export function isRunHeld(runDir: string): boolean {
  const paths = getRunPaths(runDir);
  return existsSync(paths.lock) && getHoldReason(runDir, readLockOwner(paths.lockOwner), paths.lockOwner) !== undefined;
}
