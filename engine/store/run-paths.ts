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
    /** A folder put in place by one rename, holding owner.json (engine/store/run-lock.ts). */
    lock: join(dir, 'run.lock'),
    lockOwner: join(dir, 'run.lock', 'owner.json'),
    steps: join(dir, 'steps'),
  };
}

/** `steps/<state>/<visit>/`: the visit's result.json, its plugin's output_dir `out/`, and one folder per attempt. */
export function getVisitPaths(runDir: string, state: string, visit: number) {
  const dir = join(runDir, 'steps', state, String(visit));
  return { dir, result: join(dir, 'result.json'), out: join(dir, 'out') };
}

export function getAttemptPaths(visitDir: string, attempt: number) {
  const dir = join(visitDir, `attempt-${attempt}`);
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
  };
}
