import { rmSync } from 'node:fs';
import { readJsonIfPresentSync } from './read-json.js';
import { writeJsonAtomic } from './write-json.js';

/** Who holds a lock: written beside it so a lock left by a killed process is taken over at once. */
export interface LockOwner {
  pid: number;
  started_at: string;
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readLockOwner(file: string): LockOwner | undefined {
  return readJsonIfPresentSync<LockOwner>(file);
}

export function writeLockOwner(file: string): void {
  writeJsonAtomic(file, { pid: process.pid, started_at: new Date().toISOString() } satisfies LockOwner);
}

export function removeLockOwner(file: string): void {
  rmSync(file, { force: true });
}
