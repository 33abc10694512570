// Program entry (not a library module): runs inside a Slurm batch job, started by the job script that the
// Slurm executor writes. Execs one step's argv from a JSON spec (no shell), and records how it ended in an
// exit file, because finished jobs vanish from scontrol after MinJobAge.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { writeTextAtomic } from '../../store/write-json.js';
import { ATTEMPT_ENV, isAttemptMarker, killProcessTree } from '../terminate.js';
import type { SlurmExitRecord, SlurmJobSpec } from './job-spec.js';

function getAllocatedGpus(spec: SlurmJobSpec): string[] {
  if (spec.gpus === 0) return [];
  const visible = process.env.CUDA_VISIBLE_DEVICES ?? '';
  return visible === '' ? [] : visible.split(',');
}

function patchRequestGpus(requestFile: string, gpus: string[]): void {
  const request = JSON.parse(readFileSync(requestFile, 'utf8')) as { gpus?: string[] };
  request.gpus = gpus;
  writeTextAtomic(requestFile, JSON.stringify(request, null, 2) + '\n', { durable: true });
}

function main(specFile: string): void {
  const spec = JSON.parse(readFileSync(specFile, 'utf8')) as SlurmJobSpec;
  const started = new Date().toISOString();
  const gpus = getAllocatedGpus(spec);
  if (spec.request_file) patchRequestGpus(spec.request_file, gpus);
  // Slurm's allocation wins over whatever the engine's environment said.
  const env = { ...process.env, ...spec.env, CUDA_VISIBLE_DEVICES: gpus.join(',') };
  const [command, ...args] = spec.argv;
  const child = spawn(command!, args, { cwd: spec.cwd, env, stdio: 'inherit', detached: true });
  const marker = spec.env[ATTEMPT_ENV];
  // Ends the step's group and every descendant that left it, like the local executor.
  const forward = () => void killProcessTree({ pgid: child.pid!, ...(marker ? { isMarked: isAttemptMarker(marker) } : {}) }, spec.kill_grace_ms);
  process.on('SIGTERM', forward);
  process.on('SIGINT', forward);
  const finish = (exitCode: number | null, signal: string | null) => {
    const record: SlurmExitRecord = { job_id: process.env.SLURM_JOB_ID ?? '', exit_code: exitCode, signal, gpus, started, ended: new Date().toISOString() };
    writeTextAtomic(spec.exit_file, JSON.stringify(record) + '\n', { durable: true });
    process.exit(exitCode ?? 128 + 15);
  };
  child.on('error', (error) => {
    console.error(`ser-flow slurm job: cannot start ${command}: ${error.message}`);
    finish(127, null);
  });
  child.on('exit', (code, signal) => finish(code, signal));
}

main(process.argv[2] ?? '');
