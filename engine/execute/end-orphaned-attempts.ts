import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { findMarkedProcesses, isAttemptMarker, killProcessTree } from '../executors/terminate.js';
import { readJsonIfPresentSync } from '../store/read-json.js';
import { getAttemptFiles, getAttemptPaths, getRunPaths, getVisitPaths, listAttemptNumbers, listStepStates, listVisitNumbers } from '../store/run-paths.js';

/** True when `pid` is still the plugin started for `requestFile` (not a recycled pid). */
function isStillRunning(pid: number, requestFile: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(requestFile);
  } catch {
    return false;
  }
}

/**
 * Every local attempt of the run, whatever folder name reached it: the marker holds the path the engine used.
 * A Slurm job's processes belong to Slurm, which cancelLeftoverSlurmJobs asks to end them (scancel).
 */
function isRunMarker(runDir: string): (value: string) => boolean {
  const prefixes = new Set([runDir, existsSync(runDir) ? realpathSync(runDir) : runDir].map((dir) => join(getRunPaths(dir).steps, '/')));
  return (value) => [...prefixes].some((prefix) => value.startsWith(prefix)) && !existsSync(getAttemptFiles(value).slurmSpec);
}

/**
 * Ends the step processes a previous engine left running on this run (it was killed, `kill -9` included):
 * the process group of each attempt without an outcome, then every process whose ATTEMPT_ENV names an
 * attempt of this run (descendants that left the group, or whose attempt was never recorded). Call it with
 * the run lock held, before driving the run: a resumed visit must never run twice at once. Returns the pids
 * it ended.
 */
export async function endOrphanedAttempts(runDir: string, killGraceMs: number): Promise<number[]> {
  const ended: number[] = [];
  const visitDirs = listStepStates(runDir).flatMap((state) => listVisitNumbers(runDir, state).map((visit) => getVisitPaths(runDir, state, visit).dir));
  const leaders = visitDirs.flatMap((visitDir) =>
    listAttemptNumbers(visitDir).flatMap((n) => {
      const paths = getAttemptPaths(visitDir, n);
      if (existsSync(paths.outcome)) return [];
      const launched = readJsonIfPresentSync<{ pid: number; request: string }>(paths.process);
      return launched && isStillRunning(launched.pid, launched.request) ? [{ pid: launched.pid, dir: paths.dir }] : [];
    }),
  );
  await Promise.all(leaders.map(({ pid, dir }) => killProcessTree({ pgid: pid, isMarked: isAttemptMarker(dir) }, killGraceMs)));
  ended.push(...leaders.map(({ pid }) => pid));
  const isMarked = isRunMarker(runDir);
  const marked = findMarkedProcesses(isMarked);
  if (marked.length > 0) {
    await killProcessTree({ isMarked }, killGraceMs);
    ended.push(...marked);
  }
  return ended;
}
