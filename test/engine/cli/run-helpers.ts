// Shared by the run/resume/status CLI tests: the real CLI as a subprocess, temp folders, process checks.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa, type ResultPromise } from 'execa';
import { getProjectRoot } from '../../../engine/load/project-root.js';

/** Compiled tests run from <out>/test/cli/; the CLI is <out>/engine/cli/main.js, fixtures stay in the source tree. */
export const MAIN = fileURLToPath(new URL('../../../engine/cli/main.js', import.meta.url));
export const WORKFLOWS = join(getProjectRoot(), 'test', 'fixtures', 'workflows');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function makeTempDir(prefix = 'ser-flow-run-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Short kill grace: the test plugins stop at once on SIGTERM (or ignore it on purpose). */
const ENV = { SER_FLOW_KILL_GRACE_MS: '1000' };

export function startCli(args: string[], cwd: string): ResultPromise<{ cwd: string; reject: false; env: typeof ENV; all: true }> {
  return execa(process.execPath, [MAIN, ...args], { cwd, reject: false, env: ENV, all: true });
}

export async function runCli(args: string[], cwd: string): Promise<CliResult> {
  const result = await startCli(args, cwd);
  return { code: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}

export async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Gone = no such process, or a zombie waiting to be reaped (it runs nothing any more). */
export function isProcessGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

export function readJson<T = Record<string, unknown>>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

export function readLines(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

/** The pid of the plugin process of the running attempt of `state`, once it has started. */
export function getStepPid(runDir: string, state: string, visit = 0, attempt = 1): number | undefined {
  try {
    return readJson<{ pid: number }>(join(runDir, 'steps', state, String(visit), `attempt-${attempt}`, 'process.json')).pid;
  } catch {
    return undefined;
  }
}
