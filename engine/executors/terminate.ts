import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Names the attempt in the environment of its process and, by inheritance, of every descendant, including
 * one that called setsid or whose parent exited (parent links and process groups cannot find those).
 * Its value is the attempt's folder (absolute), so a run's attempts share the prefix `<run>/steps/`.
 */
export const ATTEMPT_ENV = 'SER_FLOW_ATTEMPT';

export type Termination = 'timeout' | 'cancelled';

export interface TerminationWatch {
  /** Why the attempt was stopped; undefined while nothing asked. */
  readonly reason: Termination | undefined;
  /** Stops listening (call when the attempt has ended). */
  disarm(): void;
}

/**
 * Calls `stop` once, on the first of: `signal` aborted (cancelled) or `timeoutMs` elapsed (timeout). The first
 * reason wins: a cancel during the timeout's grace period is still a timeout. Every executor stops its
 * attempts through this.
 */
export function watchTermination(options: { signal: AbortSignal; timeoutMs?: number; stop: (why: Termination) => void }): TerminationWatch {
  const { signal, timeoutMs, stop } = options;
  let reason: Termination | undefined;
  const terminate = (why: Termination) => {
    if (reason) return;
    reason = why;
    stop(why);
  };
  const onAbort = () => terminate('cancelled');
  signal.addEventListener('abort', onAbort, { once: true });
  const timer = timeoutMs === undefined ? undefined : setTimeout(() => terminate('timeout'), timeoutMs);
  return {
    get reason() {
      return reason;
    },
    disarm() {
      if (timer) clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    },
  };
}

/** Pids (other than this process) whose environment has ATTEMPT_ENV matching `isMarked`; none off Linux. */
export function findMarkedProcesses(isMarked: (value: string) => boolean): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const prefix = `${ATTEMPT_ENV}=`;
  const found: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let environ: string;
    try {
      environ = readFileSync(`/proc/${entry}/environ`, 'latin1');
    } catch {
      continue; // gone, or another user's process
    }
    const value = environ.split('\0').find((item) => item.startsWith(prefix))?.slice(prefix.length);
    if (value !== undefined && isMarked(value)) found.push(Number(entry));
  }
  return found;
}

/** Every process of one attempt: exactly its marker. */
export function isAttemptMarker(attemptDir: string): (value: string) => boolean {
  return (value) => value === attemptDir;
}

function signalTarget(target: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(target, signal);
    return true;
  } catch {
    return false;
  }
}

/** A zombie runs nothing any more: only its parent's wait removes it. */
function isRunning(pid: number): boolean {
  if (!signalTarget(pid, 0)) return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

export interface ProcessTree {
  /** The process group the step leads (its pid): the plugin and what it started without leaving the group. */
  pgid?: number;
  /** Matches the ATTEMPT_ENV values of processes to end as well (descendants that left the group). */
  isMarked?: (value: string) => boolean;
}

/**
 * Ends a step's processes: SIGTERM to its process group and to every process carrying its marker, then SIGKILL
 * after `graceMs` to whatever is left (marked processes found again, in case one forked meanwhile). Killing
 * only the leader would orphan e.g. dataloader workers. Resolves once nothing is left running, or after SIGKILL.
 */
export async function killProcessTree(tree: ProcessTree, graceMs: number): Promise<void> {
  const { pgid, isMarked } = tree;
  const findMarked = () => (isMarked ? findMarkedProcesses(isMarked) : []);
  let groupAlive = pgid !== undefined && signalTarget(-pgid, 'SIGTERM');
  let marked = findMarked();
  for (const pid of marked) signalTarget(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while ((groupAlive || marked.length > 0) && Date.now() < deadline) {
    await sleep(50);
    groupAlive = pgid !== undefined && signalTarget(-pgid, 0);
    marked = marked.filter(isRunning);
  }
  if (pgid !== undefined && groupAlive) signalTarget(-pgid, 'SIGKILL');
  for (const pid of new Set([...marked, ...findMarked()])) signalTarget(pid, 'SIGKILL');
}
