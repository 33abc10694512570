// Runs inside a Slurm batch job: execs one step's argv from a JSON spec (no shell), and records how it
// ended in an exit file, because finished jobs vanish from scontrol after MinJobAge.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { writeTextAtomic } from '../store/write-json.js';

/** Written by the Slurm executor next to the attempt's logs; read by this wrapper inside the job. */
export interface SlurmJobSpec {
  argv: string[];
  cwd: string;
  /** Added to the job's environment (which sbatch copied from the engine's). */
  env: Record<string, string>;
  /** GPUs the step asked for: 0 means hide every GPU (CUDA_VISIBLE_DEVICES=''). */
  gpus: number;
  exit_file: string;
  /** The step request, whose `gpus` field gets the ids Slurm allocated. */
  request_file?: string;
  kill_grace_ms: number;
}

/** How the step ended, as seen from inside the job. */
export interface SlurmExitRecord {
  job_id: string;
  exit_code: number | null;
  signal: string | null;
  gpus: string[];
  started: string;
  ended: string;
}

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
  const forward = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      return;
    }
    // Escalate like the local executor does; Slurm itself sends SIGKILL after KillWait.
    setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, spec.kill_grace_ms).unref();
  };
  process.on('SIGTERM', () => forward('SIGTERM'));
  process.on('SIGINT', () => forward('SIGINT'));
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
