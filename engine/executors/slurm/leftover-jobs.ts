import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { getAttemptPaths, listAttemptNumbers } from '../../store/run-paths.js';
import { TERMINAL_STATES, waitForSlurmJobEnd } from './poller.js';
import { getAttemptComment } from './sbatch-args.js';
import { getSlurmJobState } from './scontrol.js';

/**
 * Job ids squeue still lists for an attempt folder (by the `--comment` tag). A squeue that keeps failing
 * is an error, not "no jobs": resuming past it could run the visit twice at once.
 */
async function findQueuedJobsOfAttempt(attemptDir: string): Promise<string[]> {
  let result = await execa('squeue', ['-h', '-o', '%i|%k'], { reject: false });
  for (let tries = 1; result.exitCode !== 0 && tries < 5; tries++) {
    await sleep(1_000);
    result = await execa('squeue', ['-h', '-o', '%i|%k'], { reject: false });
  }
  if (result.exitCode !== 0) {
    throw new Error(`cannot list Slurm jobs to find the one ${attemptDir} may have left running (squeue: ${String(result.stderr).trim()}); check slurmctld with \`sinfo\` and resume again`);
  }
  const tag = getAttemptComment(attemptDir);
  return String(result.stdout)
    .split('\n')
    .map((line) => line.split('|'))
    .filter(([, comment]) => comment === tag)
    .map(([id]) => id!);
}

/**
 * Cancels the jobs of a visit's attempts that never recorded an outcome (the engine was killed while they
 * ran), so a resumed visit never runs twice at once. Returns the job ids it cancelled.
 */
export async function cancelLeftoverSlurmJobs(visitDir: string): Promise<string[]> {
  const cancelled: string[] = [];
  for (const attempt of listAttemptNumbers(visitDir)) {
    const paths = getAttemptPaths(visitDir, attempt);
    if (existsSync(paths.outcome) || !existsSync(paths.slurmSpec)) continue;
    // The engine may have died between sbatch returning and saving the id: then the comment tag finds it.
    const recordedId = existsSync(paths.slurmJobId) ? readFileSync(paths.slurmJobId, 'utf8').trim() : '';
    const jobIds = /^\d+$/.test(recordedId) ? [recordedId] : await findQueuedJobsOfAttempt(paths.dir);
    for (const jobId of jobIds) {
      const state = await getSlurmJobState(jobId);
      if (TERMINAL_STATES.has(state.state) || state.state === 'gone') continue;
      await execa('scancel', [jobId], { reject: false });
      // Its plugin may still be checkpointing into the same output folder: wait until it is gone.
      await waitForSlurmJobEnd(jobId, { pollMs: 250 });
      cancelled.push(jobId);
    }
  }
  return cancelled;
}
