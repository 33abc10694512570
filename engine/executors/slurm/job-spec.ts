/** Written by the Slurm executor next to the attempt's logs; read by the job entry (job-main.ts) inside the job. */
export interface SlurmJobSpec {
  argv: string[];
  cwd: string;
  /** Added to the job's environment (which sbatch copied from the engine's); names the attempt (ATTEMPT_ENV). */
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
