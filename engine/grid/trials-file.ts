import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { getRunPaths } from '../store/run-paths.js';
import { writeJsonAtomic } from '../store/write-json.js';
import type { Grid } from '../../schemas/generated/workflow.js';
import type { TrialStatus } from './run-trials.js';

export type Scalar = string | number | boolean;

/** One trial of a grid run, as `compare` reads it back. */
export interface TrialRecord {
  index: number;
  /** The matrix combination bound to this trial (only the matrix keys). */
  matrix: Record<string, Scalar>;
  /** Every param the trial ran with. */
  params: Record<string, Scalar>;
  /** The trial's child run folder, relative to the parent run folder: `trials/<index>`. */
  dir: string;
  run_id: string;
  status: TrialStatus | 'pending' | 'running';
  /** Latest outputs of every state that finished, once the trial has ended. */
  states?: Record<string, { outputs: Record<string, unknown> }>;
  /** Final state (`done`, `failed`, ...) or the error that stopped the trial. */
  final?: string;
  error?: string;
  started?: string;
  ended?: string;
}

/** `runs/<id>/trials.json`: the grid definition and every trial's parameters and results. */
export interface TrialsFile {
  run_id: string;
  /** The workflow file the grid started from (resume finds the plugins through it). */
  workflow_file: string;
  /** The folder the grid was started in: its trials' `cwd` (see ResolvedRun.cwd). Absent in older grids. */
  cwd?: string;
  /** The params before a combination is bound (defaults and --set). */
  params: Record<string, Scalar>;
  grid: Grid;
  trials: TrialRecord[];
}

/** Atomic (write, rename) without fsync: rewritten at every trial start and end; a crash leaves the previous whole file. */
export function writeTrialsFile(runDir: string, file: TrialsFile): void {
  writeJsonAtomic(getRunPaths(runDir).trialsFile, file);
}

/**
 * Coalesces the rewrites of trials.json that happen in one turn of the event loop (a grid starting all its
 * trials at once rewrote the whole file once per trial): `schedule` writes it on the next setImmediate,
 * `flush` writes it now if an update is pending.
 */
export function createTrialsWriter(runDir: string, file: TrialsFile): { schedule(): void; flush(): void } {
  let pending: NodeJS.Immediate | undefined;
  const flush = () => {
    if (!pending) return;
    clearImmediate(pending);
    pending = undefined;
    writeTrialsFile(runDir, file);
  };
  return {
    schedule() {
      pending ??= setImmediate(flush);
    },
    flush,
  };
}

export function readTrialsFile(runDir: string): TrialsFile {
  const path = getRunPaths(runDir).trialsFile;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`${runDir} is not a grid run: it has no ${basename(path)} (only workflows with a \`grid:\` section have trials)`, {
        cause: error,
      });
    }
    throw error;
  }
  try {
    return JSON.parse(text) as TrialsFile;
  } catch (error) {
    throw new Error(`${path}: not valid JSON (${(error as Error).message}); was it written by another tool?`, { cause: error });
  }
}
