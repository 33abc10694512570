import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { writeTextAtomic } from '../store/write-json.js';
import { readJsonIfPresentSync } from '../store/read-json.js';
import type { Executor, LaunchOptions, LaunchResult } from './executor.js';
import type { SlurmExitRecord, SlurmJobSpec } from './slurm-job.js';
import { TERMINAL_STATES, waitForSlurmJobEnd } from './slurm-poller.js';
import type { SlurmProfile } from './slurm-profile.js';

export interface SlurmExecutorOptions {
  profile?: SlurmProfile;
  /** GPUs for each job: `--gres=gpu:N`; Slurm picks the ids and sets CUDA_VISIBLE_DEVICES. */
  gpus?: number;
  cpus?: number;
  /** `--job-name` (letters, digits, `._-`). */
  jobName?: string;
}

/** A job's state as scontrol reports it; `gone` once it left slurmctld's memory (MinJobAge). */
export interface SlurmJobState {
  state: string;
  exitCode?: number;
  exitSignal?: number;
  reason?: string;
}

const JOB_WRAPPER = join(dirname(fileURLToPath(import.meta.url)), 'slurm-job.js');
const JOB_ID_FILE = 'slurm-job-id';

/** Parses `scontrol show job -o <id>` (one line of Key=Value pairs). */
export function parseScontrolJob(line: string): SlurmJobState {
  const field = (key: string) => new RegExp(`(?:^|\\s)${key}=(\\S*)`).exec(line)?.[1];
  const [code, signal] = (field('ExitCode') ?? '').split(':').map(Number);
  return {
    state: (field('JobState') ?? 'UNKNOWN').split('+')[0]!,
    ...(Number.isFinite(code) ? { exitCode: code } : {}),
    ...(Number.isFinite(signal) ? { exitSignal: signal } : {}),
    ...(field('Reason') ? { reason: field('Reason') } : {}),
  };
}

export async function getSlurmJobState(jobId: string): Promise<SlurmJobState> {
  const result = await execa('scontrol', ['show', 'job', '-o', jobId], { reject: false });
  if (result.exitCode !== 0) {
    if (/Invalid job id/i.test(String(result.stderr))) return { state: 'gone' };
    return { state: 'UNKNOWN', reason: String(result.stderr).trim() };
  }
  return parseScontrolJob(String(result.stdout));
}

/** `--time` in whole minutes, one more than the engine's own limit so the engine's timeout fires first. */
function toSlurmMinutes(timeoutMs: number): string {
  return String(Math.ceil(timeoutMs / 60_000) + 1);
}

function quoteShell(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Tags a job with its attempt folder, so a resumed run finds it even if the engine died before saving the job id. */
function getAttemptComment(attemptDir: string): string {
  return `ser-flow:${attemptDir}`;
}

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

/** sbatch's argv: options only from the profile and the step's resources, never a shell string. */
export function getSbatchArgs(options: { profile: SlurmProfile; gpus: number; cpus?: number; jobName: string; launch: LaunchOptions; script: string }): string[] {
  const { profile, gpus, cpus, jobName, launch, script } = options;
  const args = ['--parsable', `--job-name=${jobName}`, `--comment=${getAttemptComment(dirname(launch.stdoutFile))}`, `--output=${launch.stdoutFile}`, `--error=${launch.stderrFile}`, `--chdir=${launch.cwd}`];
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

function describeEnd(jobId: string, state: SlurmJobState, logFile: string): string {
  const code = state.exitCode === undefined ? '' : ` ExitCode=${state.exitCode}:${state.exitSignal ?? 0}`;
  return `ser-flow: Slurm job ${jobId} ended ${state.state}${code}${state.reason && state.reason !== 'None' ? ` (${state.reason})` : ''}; job output: ${logFile}\n`;
}

/** Maps how the job ended to the executor contract; the engine's own termination reason wins. */
function toLaunchResult(jobId: number, state: SlurmJobState, record: SlurmExitRecord | undefined, termination?: 'timeout' | 'cancelled'): LaunchResult {
  if (termination) return { reason: termination, pid: jobId };
  if (state.state === 'TIMEOUT') return { reason: 'timeout', pid: jobId };
  if (record?.exit_code !== undefined && record.exit_code !== null) return { reason: 'exited', exitCode: record.exit_code, pid: jobId };
  if (record?.signal) return { reason: 'killed', signal: record.signal, pid: jobId };
  if (state.state === 'CANCELLED') return { reason: 'killed', signal: 'SIGTERM', pid: jobId };
  if (state.exitSignal) return { reason: 'killed', signal: `signal ${state.exitSignal}`, pid: jobId };
  if (state.state === 'COMPLETED' || state.state === 'FAILED') return { reason: 'exited', exitCode: state.exitCode ?? 1, pid: jobId };
  return { reason: 'killed', signal: state.state, pid: jobId };
}

/**
 * Runs each step attempt as one Slurm batch job: writes the argv to a JSON spec and a two-line job script
 * that execs the wrapper (`slurm-job.js`) on it, submits with `sbatch --parsable`, waits through the
 * shared `squeue` poll, cancels with `scancel`, and reads the exit file the wrapper writes (jobs vanish
 * from scontrol after MinJobAge). The run folder must be on a filesystem the compute nodes share.
 */
export function createSlurmExecutor(options: SlurmExecutorOptions = {}): Executor {
  const { profile = {}, gpus = 0, cpus, jobName = 'ser-flow' } = options;
  if (!/^[A-Za-z0-9._-]+$/.test(jobName)) throw new Error(`Slurm job name "${jobName}" may only hold letters, digits and ._-`);
  const pollMs = profile.poll_ms ?? 250;

  async function launch(launchOptions: LaunchOptions): Promise<LaunchResult> {
    const { argv, cwd, env, stdoutFile, stderrFile, signal, timeoutMs, killGraceMs, onStart } = launchOptions;
    if (signal.aborted) return { reason: 'cancelled' };
    const dir = dirname(stdoutFile);
    const files = { spec: join(dir, 'slurm-job.json'), script: join(dir, 'slurm-job.sh'), exit: join(dir, 'slurm-exit.json') };
    const requestFile = env.SER_FLOW_REQUEST ?? argv.at(-1);
    const spec: SlurmJobSpec = {
      argv,
      cwd,
      env,
      gpus,
      exit_file: files.exit,
      ...(requestFile?.endsWith('.json') && existsSync(requestFile) ? { request_file: requestFile } : {}),
      kill_grace_ms: killGraceMs,
    };
    writeTextAtomic(files.spec, JSON.stringify(spec, null, 2) + '\n', { durable: true });
    writeFileSync(files.script, `#!/bin/sh\nexec ${quoteShell(process.execPath)} ${quoteShell(JOB_WRAPPER)} ${quoteShell(files.spec)}\n`, { mode: 0o755 });

    const submitted = await execa('sbatch', getSbatchArgs({ profile, gpus, ...(cpus ? { cpus } : {}), jobName, launch: launchOptions, script: files.script }), {
      reject: false,
    });
    if (submitted.exitCode !== 0) {
      const why = String(submitted.stderr || submitted.shortMessage).trim();
      return { reason: 'spawn-failed', message: `sbatch refused the job (${why}); check the Slurm profile ${profile.source ?? '(none)'} and resources.gpus` };
    }
    const jobId = String(submitted.stdout).trim().split(';')[0]!;
    // Lets a resumed run cancel this job if the engine dies before the attempt's outcome is written.
    // Atomic: a kill between open and write must not leave an empty file that hides the job.
    writeTextAtomic(join(dir, JOB_ID_FILE), jobId + '\n', { durable: true });
    onStart?.(Number(jobId));

    let termination: 'timeout' | 'cancelled' | undefined;
    let cancelling: Promise<unknown> | undefined;
    const terminate = (why: 'timeout' | 'cancelled') => {
      termination ??= why;
      cancelling ??= execa('scancel', [jobId], { reject: false });
    };
    const onAbort = () => terminate('cancelled');
    signal.addEventListener('abort', onAbort, { once: true });
    const timer = timeoutMs === undefined ? undefined : setTimeout(() => terminate('timeout'), timeoutMs);
    try {
      const ended = await waitForSlurmJobEnd(jobId, { pollMs });
      // One scontrol per finished job for the details (ExitCode, Reason) squeue does not print.
      let state: SlurmJobState = ended === 'gone' ? { state: 'gone' } : await getSlurmJobState(jobId);
      if (state.state === 'gone' && ended !== 'gone') state = { state: ended };
      await cancelling;
      // The exit file lands on the shared filesystem a moment after the job ends.
      let record = readJsonIfPresentSync<SlurmExitRecord>(files.exit);
      for (let waited = 0; !record && !termination && waited < 2_000 && state.state !== 'CANCELLED'; waited += 100) {
        await sleep(100);
        record = readJsonIfPresentSync<SlurmExitRecord>(files.exit);
      }
      if (state.state === 'gone' && !record) state = { state: 'UNKNOWN', reason: 'the job left scontrol without an exit file' };
      const result = toLaunchResult(Number(jobId), state, record, termination);
      if (!(result.reason === 'exited' && result.exitCode === 0)) appendFileSync(stderrFile, describeEnd(jobId, state, stdoutFile));
      return result;
    } finally {
      if (timer) clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    }
  }

  return { launch };
}

/**
 * Cancels the jobs of a visit's attempts that never recorded an outcome (the engine was killed while they
 * ran), so a resumed visit never runs twice at once. Returns the job ids it cancelled.
 */
export async function cancelLeftoverSlurmJobs(visitDir: string): Promise<string[]> {
  if (!existsSync(visitDir)) return [];
  const cancelled: string[] = [];
  for (const name of readdirSync(visitDir).filter((n) => /^attempt-\d+$/.test(n))) {
    const attemptDir = join(visitDir, name);
    if (existsSync(join(attemptDir, 'outcome.json')) || !existsSync(join(attemptDir, 'slurm-job.json'))) continue;
    // The engine may have died between sbatch returning and saving the id: then the comment tag finds it.
    const idFile = join(attemptDir, JOB_ID_FILE);
    const recordedId = existsSync(idFile) ? readFileSync(idFile, 'utf8').trim() : '';
    const jobIds = /^\d+$/.test(recordedId) ? [recordedId] : await findQueuedJobsOfAttempt(attemptDir);
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
