import { execFileSync } from 'node:child_process';

/** Slurm tests need a cluster: absent tools skip (a laptop), present tools with a dead cluster fail (CI). */
export function isSlurmInstalled(): boolean {
  try {
    execFileSync('sinfo', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
