import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeTextAtomic } from '../store/write-json.js';
import { isProcessAlive } from '../store/lock-owner.js';
import { readJsonIfPresentSync } from '../store/read-json.js';

/** Who holds a GPU on this machine: the engine process and, once it started, the step's process. */
export interface GpuLockOwner {
  pid: number;
  step_pid?: number;
  run_id: string;
  state: string;
}

/**
 * GPU leases across the ser-flow processes of one machine: one file per leased GPU id in a shared folder
 * (`SER_FLOW_LEASE_DIR`, default `<tmpdir>/ser-flow-gpu-leases`). A GPU whose file names a live process of
 * another engine is busy. A file whose processes are all gone (an engine killed with its step) is taken over.
 * Within one process the lease pool decides alone; these files only keep other processes off its GPUs.
 */
export interface GpuLocks {
  /** Held by another live ser-flow process. */
  isBusy(id: string): boolean;
  /** Takes the GPU for this process; false when another live process holds it. */
  tryLock(id: string, owner: Omit<GpuLockOwner, 'pid'>): boolean;
  /** Records the step's pid, so a GPU stays busy while an orphaned step still runs on it. */
  setStepPid(id: string, stepPid: number): void;
  unlock(id: string): void;
}

export function getGpuLockDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.SER_FLOW_LEASE_DIR || join(tmpdir(), 'ser-flow-gpu-leases');
}

function isOwnerAlive(owner: GpuLockOwner): boolean {
  return isProcessAlive(owner.pid) || (owner.step_pid !== undefined && isProcessAlive(owner.step_pid));
}

export function createGpuLocks(dir: string = getGpuLockDir()): GpuLocks {
  const fileOf = (id: string) => join(dir, `gpu-${id}.json`);
  const isOurs = (owner: GpuLockOwner | undefined) => owner?.pid === process.pid;

  /** link(2) of a complete temp file: the lock appears whole, and only if no lock is there. */
  function link(file: string, owner: GpuLockOwner): boolean {
    mkdirSync(dir, { recursive: true });
    const temp = join(dir, `.${randomBytes(6).toString('hex')}.tmp`);
    writeFileSync(temp, JSON.stringify(owner) + '\n');
    try {
      linkSync(temp, file);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    } finally {
      rmSync(temp, { force: true });
    }
  }

  return {
    isBusy(id) {
      const owner = readJsonIfPresentSync<GpuLockOwner>(fileOf(id));
      return owner !== undefined && !isOurs(owner) && isOwnerAlive(owner);
    },
    tryLock(id, fields) {
      const file = fileOf(id);
      const owner = { pid: process.pid, ...fields };
      if (link(file, owner)) return true;
      const current = readJsonIfPresentSync<GpuLockOwner>(file);
      if (isOurs(current)) return true;
      // A lock being written has no content yet only inside link(): unreadable means a damaged file.
      if (current && isOwnerAlive(current)) return false;
      // Stale: set it aside (rename is atomic, so one of two racing takers wins it), then lock anew.
      const aside = join(dir, `.stale-${randomBytes(6).toString('hex')}`);
      try {
        renameSync(file, aside);
      } catch {
        return false;
      }
      rmSync(aside, { force: true });
      return link(file, owner);
    },
    setStepPid(id, stepPid) {
      const file = fileOf(id);
      const current = readJsonIfPresentSync<GpuLockOwner>(file);
      if (isOurs(current)) writeTextAtomic(file, JSON.stringify({ ...current, step_pid: stepPid }) + '\n');
    },
    unlock(id) {
      if (isOurs(readJsonIfPresentSync<GpuLockOwner>(fileOf(id)))) rmSync(fileOf(id), { force: true });
    },
  };
}
