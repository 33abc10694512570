import { closeSync, openSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import type { Executor, LaunchOptions, LaunchResult } from './executor.js';

/** Sends `signal` to every process of the group led by `pgid`; false when the group is gone. */
function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * SIGTERM to the whole process group (the plugin and everything it started), then SIGKILL after the
 * grace period if any member is left. Killing only the leader would orphan e.g. dataloader workers.
 */
export async function killProcessGroup(pgid: number, graceMs: number): Promise<void> {
  if (!signalGroup(pgid, 'SIGTERM')) return;
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    await sleep(50);
    if (!signalGroup(pgid, 0)) return;
  }
  signalGroup(pgid, 'SIGKILL');
}

/** Runs a step on this machine: execa, no shell, the plugin leading its own process group. */
export function createLocalExecutor(): Executor {
  return { launch: launchLocal };
}

interface SpawnOptions {
  cwd: string;
  env: Record<string, string>;
  stdoutFd: number;
  stderrFd: number;
  cancelSignal: AbortSignal;
  killGraceMs: number;
}

/** execa's types list only descriptors 1-9, but it (like child_process.spawn) passes any open descriptor on. */
function asStdio(fd: number): 1 {
  return fd as 1;
}

function spawnPlugin(argv: string[], { cwd, env, stdoutFd, stderrFd, cancelSignal, killGraceMs }: SpawnOptions) {
  return execa(argv[0]!, argv.slice(1), {
    cwd,
    env,
    stdin: 'ignore',
    stdout: asStdio(stdoutFd),
    stderr: asStdio(stderrFd),
    // Own process group, so the whole tree can be signalled; execa's cleanup does not apply to detached children.
    detached: true,
    cleanup: false,
    reject: false,
    cancelSignal,
    forceKillAfterDelay: killGraceMs,
  });
}

async function launchLocal(options: LaunchOptions): Promise<LaunchResult> {
  const { argv, cwd, env, stdoutFile, stderrFile, signal, timeoutMs, killGraceMs, onStart } = options;
  if (signal.aborted) return { reason: 'cancelled' };
  const stop = new AbortController();
  let termination: 'timeout' | 'cancelled' | undefined;
  let killing: Promise<void> | undefined;
  // The plugin writes its logs straight into the files (its own descriptors): execa's `{file}` targets relay
  // every byte through this process and delay the exit until the relay has finished.
  const stdoutFd = openSync(stdoutFile, 'w');
  const stderrFd = openSync(stderrFile, 'w');
  let subprocess: ReturnType<typeof spawnPlugin>;
  try {
    subprocess = spawnPlugin(argv, { cwd, env, stdoutFd, stderrFd, cancelSignal: stop.signal, killGraceMs });
  } finally {
    closeSync(stdoutFd);
    closeSync(stderrFd);
  }
  const pid = subprocess.pid;
  const terminate = (why: 'timeout' | 'cancelled') => {
    // The first reason wins: a cancel during the timeout's grace period is still a timeout.
    termination ??= why;
    stop.abort();
    if (pid !== undefined) killing ??= killProcessGroup(pid, killGraceMs);
  };
  const onAbort = () => terminate('cancelled');
  signal.addEventListener('abort', onAbort, { once: true });
  const timer = timeoutMs === undefined ? undefined : setTimeout(() => terminate('timeout'), timeoutMs);
  if (pid !== undefined) onStart?.(pid);
  try {
    const result = await subprocess;
    if (pid === undefined) return { reason: 'spawn-failed', message: result.shortMessage ?? result.message ?? 'unknown error' };
    // Leftover members (daemonised children) must not outlive the step.
    await (killing ?? killProcessGroup(pid, killGraceMs));
    if (termination === 'timeout') return { reason: 'timeout', pid };
    if (termination === 'cancelled') return { reason: 'cancelled', pid };
    if (result.exitCode !== undefined) return { reason: 'exited', exitCode: result.exitCode, pid };
    if (result.signal) return { reason: 'killed', signal: result.signal, pid };
    return { reason: 'spawn-failed', message: result.shortMessage ?? result.message ?? 'unknown error' };
  } finally {
    if (timer) clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
}
