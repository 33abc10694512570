import type { LaunchOptions } from '../executor.js';
import type { SlurmProfile } from './profile.js';

/** `--time` in whole minutes, one more than the engine's own limit so the engine's timeout fires first. */
function toSlurmMinutes(timeoutMs: number): string {
  return String(Math.ceil(timeoutMs / 60_000) + 1);
}

/** Tags a job with its attempt folder, so a resumed run finds it even if the engine died before saving the job id. */
export function getAttemptComment(attemptDir: string): string {
  return `ser-flow:${attemptDir}`;
}

/** sbatch's argv: options only from the profile and the step's resources, never a shell string. */
export function getSbatchArgs(options: { profile: SlurmProfile; gpus: number; cpus?: number; jobName: string; launch: LaunchOptions; script: string }): string[] {
  const { profile, gpus, cpus, jobName, launch, script } = options;
  const args = ['--parsable', `--job-name=${jobName}`, `--comment=${getAttemptComment(launch.attemptDir)}`, `--output=${launch.stdoutFile}`, `--error=${launch.stderrFile}`, `--chdir=${launch.cwd}`];
  if (profile.partition) args.push(`--partition=${profile.partition}`);
  if (profile.account) args.push(`--account=${profile.account}`);
  if (profile.qos) args.push(`--qos=${profile.qos}`);
  if (profile.mem) args.push(`--mem=${profile.mem}`);
  const time = launch.timeoutMs !== undefined ? toSlurmMinutes(launch.timeoutMs) : profile.time;
  if (time) args.push(`--time=${time}`);
  const cpusPerTask = cpus ?? profile.cpus_per_task;
  if (cpusPerTask) args.push(`--cpus-per-task=${cpusPerTask}`);
  if (gpus > 0) args.push(`--gres=${profile.gpu_gres ?? 'gpu'}:${gpus}`);
  args.push(...(profile.extra_args ?? []), script);
  return args;
}
