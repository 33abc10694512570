import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { killProcessGroup } from '../executors/local.js';
import { readJsonIfPresentSync } from '../store/read-json.js';
import { readRedriveAfter } from '../store/redrive-mark.js';
import { getAttemptNumber, getAttemptPaths, getRunPaths } from '../store/run-paths.js';

/** What earlier attempts of a visit left behind (a resumed visit continues their numbering and budget). */
export interface VisitHistory {
  lastAttempt: number;
  /** Attempts that ended in failure; cancelled or interrupted ones do not use up the retry budget. */
  failures: number;
}

function listAttempts(visitDir: string): number[] {
  if (!existsSync(visitDir)) return [];
  return readdirSync(visitDir)
    .map(getAttemptNumber)
    .filter((n): n is number => n !== undefined)
    .sort((a, b) => a - b);
}

export function readVisitHistory(visitDir: string): VisitHistory {
  const attempts = listAttempts(visitDir);
  // A redriven visit starts a fresh retry budget; its earlier attempts stay recorded.
  const redriveAfter = readRedriveAfter(visitDir);
  const failures = attempts.filter((n) => {
    if (n <= redriveAfter) return false;
    const outcome = readJsonIfPresentSync<{ ok: boolean; cancelled?: boolean }>(getAttemptPaths(visitDir, n).outcome);
    return outcome !== undefined && !outcome.ok && !outcome.cancelled;
  }).length;
  return { lastAttempt: attempts.at(-1) ?? 0, failures };
}

/** True when `pid` is still the plugin started for `requestFile` (not a recycled pid). */
function isStillRunning(pid: number, requestFile: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(requestFile);
  } catch {
    return false;
  }
}

/**
 * Stops plugin processes that a killed engine left running (attempts without an outcome), so a resumed
 * visit never runs twice at once. Returns the pids it stopped.
 */
export async function stopLeftoverAttempts(visitDir: string, killGraceMs: number): Promise<number[]> {
  const stopped: number[] = [];
  for (const n of listAttempts(visitDir)) {
    const paths = getAttemptPaths(visitDir, n);
    if (existsSync(paths.outcome)) continue;
    const launched = readJsonIfPresentSync<{ pid: number; request: string }>(paths.process);
    if (launched && isStillRunning(launched.pid, launched.request)) {
      await killProcessGroup(launched.pid, killGraceMs);
      stopped.push(launched.pid);
    }
  }
  return stopped;
}

function listDirs(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(dir, entry.name));
  } catch {
    return [];
  }
}

/** stopLeftoverAttempts over every visit of the run: call it with the run lock held, before resuming. */
export async function stopLeftoverRunProcesses(runDir: string, killGraceMs: number): Promise<number[]> {
  const visitDirs = listDirs(getRunPaths(runDir).steps).flatMap(listDirs);
  const stopped = await Promise.all(visitDirs.map((dir) => stopLeftoverAttempts(dir, killGraceMs)));
  return stopped.flat();
}
