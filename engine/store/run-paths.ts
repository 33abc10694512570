import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Every file of a run folder `runs/<run-id>/`, in one place: nothing else in engine/ joins these names. */
export function getRunPaths(dir: string) {
  return {
    dir,
    workflow: join(dir, 'workflow.yaml'),
    resolved: join(dir, 'resolved.json'),
    snapshot: join(dir, 'snapshot.json'),
    events: join(dir, 'events.jsonl'),
    record: join(dir, 'run.json'),
    log: join(dir, 'run.log.jsonl'),
    /** A folder put in place by one rename, holding owner.json (engine/store/run-lock.ts). */
    lock: join(dir, 'run.lock'),
    lockOwner: join(dir, 'run.lock', 'owner.json'),
    /** The GPU/CPU leases this run's steps hold (see devices/process-leases.ts). */
    leases: join(dir, 'leases.json'),
    steps: join(dir, 'steps'),
    /** A grid run: its trials and their child run folders `trials/<index>/`. */
    trialsFile: join(dir, 'trials.json'),
    trials: join(dir, 'trials'),
  };
}

/** Files whose presence makes a folder a run folder (a grid's parent run folder: also trials.json). */
export function getRunMarkers(dir: string): string[] {
  const paths = getRunPaths(dir);
  return [paths.record, paths.resolved, paths.workflow, paths.trialsFile];
}

export function getTrialDir(runDir: string, index: number): string {
  return join(getRunPaths(runDir).trials, String(index));
}

/** The grid run folder and trial index of a trial's run folder `<grid>/trials/<k>/`, judged by its path alone. */
export function getTrialOf(runDir: string): { gridDir: string; index: number } | undefined {
  const gridDir = dirname(dirname(runDir));
  if (basename(dirname(runDir)) !== 'trials' || !/^\d+$/.test(basename(runDir))) return undefined;
  return { gridDir, index: Number(basename(runDir)) };
}

/**
 * The step cache a run uses: `<runs folder>/.cache/` of the folder that holds it; a grid trial
 * (`<runs>/<grid>/trials/<k>/` beside the grid's trials.json) uses its grid's.
 */
export function getRunCacheDir(runDir: string): { dir: string; trial?: number } {
  const trial = getTrialOf(runDir);
  if (trial && existsSync(getRunPaths(trial.gridDir).trialsFile)) return { dir: getRunsCacheDir(dirname(trial.gridDir)), trial: trial.index };
  return { dir: getRunsCacheDir(dirname(runDir)) };
}

/** The step cache shared by the runs of one runs folder. */
export function getRunsCacheDir(runsFolder: string): string {
  return join(runsFolder, '.cache');
}

/** `steps/<state>/<visit>/`: the visit's result.json, its plugin's output_dir `out/`, and one folder per attempt. */
export function getVisitPaths(runDir: string, state: string, visit: number) {
  return getVisitFolderPaths(join(getRunPaths(runDir).steps, state, String(visit)));
}

export function getVisitFolderPaths(dir: string) {
  return {
    dir,
    result: join(dir, 'result.json'),
    out: join(dir, 'out'),
    /** Written by a redrive: attempts up to `after_attempt` no longer count against the retry budget. */
    redrive: join(dir, 'redrive.json'),
  };
}

/** The attempt number of an `attempt-<n>` folder name, else undefined. */
function getAttemptNumber(name: string): number | undefined {
  const match = /^attempt-(\d+)$/.exec(name);
  return match ? Number(match[1]) : undefined;
}


export function getAttemptPaths(visitDir: string, attempt: number) {
  return getAttemptFiles(join(visitDir, `attempt-${attempt}`));
}

/** The files of one attempt folder `steps/<state>/<visit>/attempt-<n>/`, including those an executor keeps there. */
export function getAttemptFiles(dir: string) {
  return {
    dir,
    request: join(dir, 'request.json'),
    events: join(dir, 'events.jsonl'),
    stdout: join(dir, 'stdout.log'),
    stderr: join(dir, 'stderr.log'),
    /** {pid, argv}: lets resume find and stop a plugin left running by a killed engine. */
    process: join(dir, 'process.json'),
    /** Written when the attempt ends (not when the engine is killed under it). */
    outcome: join(dir, 'outcome.json'),
    /** Slurm: the job's argv/env spec, its two-line script, the exit record written inside the job, the job id. */
    slurmSpec: join(dir, 'slurm-job.json'),
    slurmScript: join(dir, 'slurm-job.sh'),
    slurmExit: join(dir, 'slurm-exit.json'),
    slurmJobId: join(dir, 'slurm-job-id'),
  };
}

/** The states that have a folder under `steps/`, sorted (none before the first step). */
export function listStepStates(runDir: string): string[] {
  const dir = getRunPaths(runDir).steps;
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** The visit numbers of a state (its `steps/<state>/<n>/` folders), ascending (none when it never ran). */
export function listVisitNumbers(runDir: string, state: string): number[] {
  const dir = join(getRunPaths(runDir).steps, state);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^\d+$/.test(entry.name))
    .map((entry) => Number(entry.name))
    .sort((a, b) => a - b);
}

/** The attempt numbers of a visit folder, ascending (none when it does not exist). */
export function listAttemptNumbers(visitDir: string): number[] {
  if (!existsSync(visitDir)) return [];
  return readdirSync(visitDir)
    .map(getAttemptNumber)
    .filter((n): n is number => n !== undefined)
    .sort((a, b) => a - b);
}
