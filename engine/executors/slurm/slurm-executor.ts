import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { readJsonIfPresentSync } from '../../store/read-json.js';
import { getAttemptFiles } from '../../store/run-paths.js';
import type { Executor, LaunchOptions, LaunchResult } from '../executor.js';
import { ATTEMPT_ENV, watchTermination, type Termination } from '../terminate.js';
import type { SlurmExitRecord, SlurmJobSpec } from './job-spec.js';
import { waitForSlurmJobEnd } from './poller.js';
import type { SlurmProfile } from './profile.js';
import { getSbatchArgs } from './sbatch-args.js';
import { getSlurmJobState, type SlurmJobState } from './scontrol.js';
import { writeTextAtomic } from '../../store/write-json.js';

export interface SlurmExecutorOptions {
  profile?: SlurmProfile;
  /** GPUs for each job: `--gres=gpu:N`; Slurm picks the ids and sets CUDA_VISIBLE_DEVICES. */
  gpus?: number;
  cpus?: number;
  /** `--job-name` (letters, digits, `._-`). */
  jobName?: string;
}

/** The program each job execs (compiled next to this file). */
const JOB_MAIN = join(dirname(fileURLToPath(import.meta.url)), 'job-main.js');

function quoteShell(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function describeEnd(jobId: string, state: SlurmJobState, logFile: string): string {
  const code = state.exitCode === undefined ? '' : ` ExitCode=${state.exitCode}:${state.exitSignal ?? 0}`;
  return `ser-flow: Slurm job ${jobId} ended ${state.state}${code}${state.reason && state.reason !== 'None' ? ` (${state.reason})` : ''}; job output: ${logFile}\n`;
}

/** Maps how the job ended to the executor contract; the engine's own termination reason wins. */
function toLaunchResult(jobId: number, state: SlurmJobState, record: SlurmExitRecord | undefined, termination?: Termination): LaunchResult {
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
 * that execs the job entry (`job-main.js`) on it, submits with `sbatch --parsable`, waits through the
 * shared `squeue` poll, cancels with `scancel`, and reads the exit file the entry writes (jobs vanish
 * from scontrol after MinJobAge). The run folder must be on a filesystem the compute nodes share.
 */
export function createSlurmExecutor(options: SlurmExecutorOptions = {}): Executor {
  const { profile = {}, gpus = 0, cpus, jobName = 'ser-flow' } = options;
  if (!/^[A-Za-z0-9._-]+$/.test(jobName)) throw new Error(`Slurm job name "${jobName}" may only hold letters, digits and ._-`);
  const pollMs = profile.poll_ms ?? 250;

  async function launch(launchOptions: LaunchOptions): Promise<LaunchResult> {
    const { argv, cwd, env, attemptDir, stdoutFile, stderrFile, signal, timeoutMs, killGraceMs, onStart } = launchOptions;
    if (signal.aborted) return { reason: 'cancelled' };
    const files = getAttemptFiles(attemptDir);
    const requestFile = env.SER_FLOW_REQUEST ?? argv.at(-1);
    const spec: SlurmJobSpec = {
      argv,
      cwd,
      env: { ...env, [ATTEMPT_ENV]: attemptDir },
      gpus,
      exit_file: files.slurmExit,
      ...(requestFile?.endsWith('.json') && existsSync(requestFile) ? { request_file: requestFile } : {}),
      kill_grace_ms: killGraceMs,
    };
    writeTextAtomic(files.slurmSpec, JSON.stringify(spec, null, 2) + '\n', { durable: true });
    writeFileSync(files.slurmScript, `#!/bin/sh\nexec ${quoteShell(process.execPath)} ${quoteShell(JOB_MAIN)} ${quoteShell(files.slurmSpec)}\n`, { mode: 0o755 });

    const submitted = await execa('sbatch', getSbatchArgs({ profile, gpus, ...(cpus ? { cpus } : {}), jobName, launch: launchOptions, script: files.slurmScript }), {
      reject: false,
    });
    if (submitted.exitCode !== 0) {
      const why = String(submitted.stderr || submitted.shortMessage).trim();
      return { reason: 'spawn-failed', message: `sbatch refused the job (${why}); check the Slurm profile ${profile.source ?? '(none)'} and resources.gpus` };
    }
    const jobId = String(submitted.stdout).trim().split(';')[0]!;
    // Lets a resumed run cancel this job if the engine dies before the attempt's outcome is written.
    // Atomic: a kill between open and write must not leave an empty file that hides the job.
    writeTextAtomic(files.slurmJobId, jobId + '\n', { durable: true });
    onStart?.(Number(jobId));

    let cancelling: Promise<unknown> | undefined;
    // Inside the job, the entry ends the step's processes when scancel's SIGTERM reaches it.
    const watch = watchTermination({
      signal,
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      stop: () => {
        cancelling ??= execa('scancel', [jobId], { reject: false });
      },
    });
    try {
      const ended = await waitForSlurmJobEnd(jobId, { pollMs });
      // One scontrol per finished job for the details (ExitCode, Reason) squeue does not print.
      let state: SlurmJobState = ended === 'gone' ? { state: 'gone' } : await getSlurmJobState(jobId);
      if (state.state === 'gone' && ended !== 'gone') state = { state: ended };
      await cancelling;
      // The exit file lands on the shared filesystem a moment after the job ends.
      let record = readJsonIfPresentSync<SlurmExitRecord>(files.slurmExit);
      for (let waited = 0; !record && !watch.reason && waited < 2_000 && state.state !== 'CANCELLED'; waited += 100) {
        await sleep(100);
        record = readJsonIfPresentSync<SlurmExitRecord>(files.slurmExit);
      }
      if (state.state === 'gone' && !record) state = { state: 'UNKNOWN', reason: 'the job left scontrol without an exit file' };
      const result = toLaunchResult(Number(jobId), state, record, watch.reason);
      if (!(result.reason === 'exited' && result.exitCode === 0)) appendFileSync(stderrFile, describeEnd(jobId, state, stdoutFile));
      return result;
    } finally {
      watch.disarm();
    }
  }

  return { launch };
}
