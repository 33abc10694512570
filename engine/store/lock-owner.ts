import { readFileSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { readJsonIfPresentSync } from './read-json.js';
import { writeJsonAtomic } from './write-json.js';

/** Who holds a lock. `host`, `boot_id` and `start_ticks` tell a live owner from a reused pid. */
export interface LockOwner {
  pid: number;
  started_at: string;
  host?: string;
  /** /proc/sys/kernel/random/boot_id: start ticks count from this boot. */
  boot_id?: string;
  /** /proc/<pid>/stat field 22 (starttime, clock ticks since boot): differs when the pid was reused. */
  start_ticks?: string;
  /** Unique per lock taken, so a takeover can check it removed the lock it judged dead. */
  token?: string;
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readProcFile(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Field 22 of /proc/<pid>/stat, or undefined off Linux or when the process is gone. A zombie reads as gone. */
export function readProcessStartTicks(pid: number): string | undefined {
  const stat = readProcFile(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  // Fields after the command name (which may hold spaces) start at field 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (fields[0] === 'Z' || fields[0] === 'X') return undefined;
  return fields[19];
}

export function readBootId(): string | undefined {
  return readProcFile('/proc/sys/kernel/random/boot_id')?.trim();
}

export function makeLockOwner(token: string): LockOwner {
  const startTicks = readProcessStartTicks(process.pid);
  const bootId = readBootId();
  return {
    pid: process.pid,
    started_at: new Date().toISOString(),
    host: hostname(),
    ...(bootId ? { boot_id: bootId } : {}),
    ...(startTicks ? { start_ticks: startTicks } : {}),
    token,
  };
}

export function isOnThisHost(owner: LockOwner): boolean {
  return owner.host === undefined || owner.host === hostname();
}

/**
 * Whether the owner process still exists on this host, stopped (SIGSTOP) or not. A pid that now belongs to
 * another process (other start time, or another boot) is not the owner.
 */
export function isOwnerAlive(owner: LockOwner): boolean {
  if (!isProcessAlive(owner.pid)) return false;
  if (owner.boot_id !== undefined && readBootId() !== undefined && owner.boot_id !== readBootId()) return false;
  if (owner.start_ticks === undefined) return true;
  const now = readProcessStartTicks(owner.pid);
  // No /proc (another OS): trust the pid. On Linux an unreadable entry is a zombie or a process just gone.
  if (now === undefined) return process.platform !== 'linux';
  return now === owner.start_ticks;
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
