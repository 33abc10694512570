import { closeSync, constants, openSync, writeSync } from 'node:fs';
import { RunFileError } from './run-file-error.js';
import { getRunPaths } from './run-paths.js';

/** One line of a run's append-only `events.jsonl`. */
export type RunEvent =
  | { type: 'run-started'; run_id: string; resumed: boolean }
  | { type: 'state-entered'; state: string; visit: number }
  | { type: 'step-reused'; state: string; visit: number }
  | { type: 'attempt-started'; state: string; visit: number; attempt: number; pid?: number }
  | { type: 'attempt-finished'; state: string; visit: number; attempt: number; ok: boolean; cancelled?: boolean; message?: string; duration_ms: number }
  | { type: 'progress'; state: string; visit: number; current: number; total?: number; message?: string }
  | { type: 'metric'; state: string; visit: number; name: string; value: number; step?: number }
  | { type: 'log'; state: string; visit: number; level: string; message: string }
  | { type: 'warning'; message: string; state?: string }
  | { type: 'run-finished'; status: string; error?: string };

/** Appends one line, refusing to follow a symlink (O_NOFOLLOW): a planted link must not get run events appended to its target. */
export function appendLine(file: string, line: string): void {
  let fd: number;
  try {
    fd = openSync(file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') {
      throw new RunFileError(`${file} is a symbolic link; ser-flow does not append through links in a run folder. Replace the link with the file it points to`);
    }
    throw error;
  }
  try {
    writeSync(fd, line);
  } finally {
    closeSync(fd);
  }
}

/** Appends synchronously: the log survives a kill at any point and stays in order. */
export function appendRunEvent(runDir: string, event: RunEvent): void {
  appendLine(getRunPaths(runDir).events, JSON.stringify({ t: Date.now(), ...event }) + '\n');
}
