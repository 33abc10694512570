import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every file of a run folder `runs/<run-id>/`, in one place. */
export function getRunPaths(dir: string) {
  return {
    dir,
    workflow: join(dir, 'workflow.yaml'),
    resolved: join(dir, 'resolved.json'),
    snapshot: join(dir, 'snapshot.json'),
    events: join(dir, 'events.jsonl'),
    record: join(dir, 'run.json'),
    log: join(dir, 'run.log.jsonl'),
    lock: join(dir, 'run.lock'),
    lockOwner: join(dir, 'run.lock.owner.json'),
    /** The GPU/CPU leases this run's steps hold (see devices/process-leases.ts). */
    leases: join(dir, 'leases.json'),
    steps: join(dir, 'steps'),
  };
}

/** `steps/<state>/<visit>/`: the visit's result.json, its plugin's output_dir `out/`, and one folder per attempt. */
export function getVisitPaths(runDir: string, state: string, visit: number) {
  const dir = join(runDir, 'steps', state, String(visit));
  return { dir, result: join(dir, 'result.json'), out: join(dir, 'out') };
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

/** The attempt numbers of a visit folder, ascending (none when it does not exist). */
export function listAttemptNumbers(visitDir: string): number[] {
  if (!existsSync(visitDir)) return [];
  return readdirSync(visitDir)
    .map((name) => /^attempt-(\d+)$/.exec(name)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}
