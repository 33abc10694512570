import { closeSync, openSync } from 'node:fs';
import { execa } from 'execa';
import type { Executor, LaunchOptions, LaunchResult } from './executor.js';
import { ATTEMPT_ENV, isAttemptMarker, killProcessTree, watchTermination } from './terminate.js';

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
  const { argv, cwd, env, attemptDir, stdoutFile, stderrFile, signal, timeoutMs, killGraceMs, onStart } = options;
  if (signal.aborted) return { reason: 'cancelled' };
  const stop = new AbortController();
  let killing: Promise<void> | undefined;
  // The plugin writes its logs straight into the files (its own descriptors): execa's `{file}` targets relay
  // every byte through this process and delay the exit until the relay has finished.
  const stdoutFd = openSync(stdoutFile, 'w');
  const stderrFd = openSync(stderrFile, 'w');
  let subprocess: ReturnType<typeof spawnPlugin>;
  try {
    subprocess = spawnPlugin(argv, { cwd, env: { ...env, [ATTEMPT_ENV]: attemptDir }, stdoutFd, stderrFd, cancelSignal: stop.signal, killGraceMs });
  } finally {
    closeSync(stdoutFd);
    closeSync(stderrFd);
  }
  const pid = subprocess.pid;
  const tree = { ...(pid === undefined ? {} : { pgid: pid }), isMarked: isAttemptMarker(attemptDir) };
  const watch = watchTermination({
    signal,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    stop: () => {
      stop.abort();
      killing ??= killProcessTree(tree, killGraceMs);
    },
  });
  if (pid !== undefined) onStart?.(pid);
  try {
    const result = await subprocess;
    if (pid === undefined) return { reason: 'spawn-failed', message: result.shortMessage ?? result.message ?? 'unknown error' };
    // Leftover members and descendants (daemonised children) must not outlive the step.
    await (killing ?? killProcessTree(tree, killGraceMs));
    if (watch.reason) return { reason: watch.reason, pid };
    if (result.exitCode !== undefined) return { reason: 'exited', exitCode: result.exitCode, pid };
    if (result.signal) return { reason: 'killed', signal: result.signal, pid };
    return { reason: 'spawn-failed', message: result.shortMessage ?? result.message ?? 'unknown error' };
  } finally {
    watch.disarm();
  }
}
