import { appendFileSync } from 'node:fs';
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

/** Appends synchronously: the log survives a kill at any point and stays in order. */
export function appendRunEvent(runDir: string, event: RunEvent): void {
  appendFileSync(getRunPaths(runDir).events, JSON.stringify({ t: Date.now(), ...event }) + '\n');
}
