/** What every executor (local now, Slurm later) is asked to do: run one attempt of a step to its end. */
export interface LaunchOptions {
  /** Program and arguments, already resolved (no shell). */
  argv: string[];
  cwd: string;
  /** Added to the engine's own environment. */
  env: Record<string, string>;
  /**
   * The attempt's folder: the executor's own files go there, and it names the attempt (ATTEMPT_ENV) in the
   * environment of every process the attempt starts, so that all of them can be ended.
   */
  attemptDir: string;
  stdoutFile: string;
  stderrFile: string;
  /** Aborting it stops the attempt (the whole process tree). */
  signal: AbortSignal;
  /** Per-attempt limit; undefined = none. */
  timeoutMs?: number;
  /** Time between SIGTERM and SIGKILL. */
  killGraceMs: number;
  /** Called once the process runs, with its pid (or the job id's stand-in). */
  onStart?: (pid: number) => void;
}

export type LaunchResult =
  | { reason: 'exited'; exitCode: number; pid: number }
  | { reason: 'killed'; signal: string; pid: number }
  | { reason: 'timeout'; pid: number }
  | { reason: 'cancelled'; pid?: number }
  | { reason: 'spawn-failed'; message: string };

export interface Executor {
  launch(options: LaunchOptions): Promise<LaunchResult>;
}
