import { readFileSync } from 'node:fs';
import type { Snapshot } from 'xstate';
import { isRecord, parseJsonObject } from './read-json.js';
import { getRunPaths } from './run-paths.js';
import { writeJsonAtomic } from './write-json.js';

/** After every transition: atomic, and fsync'd with its folder, so a power cut leaves the last whole snapshot. */
export function writeSnapshot(runDir: string, snapshot: unknown): void {
  writeJsonAtomic(getRunPaths(runDir).snapshot, snapshot, { durable: true });
}

/** snapshot.json, or why it cannot be used (missing, empty, not JSON, not a machine snapshot). */
export function readSnapshot(runDir: string): { snapshot: Snapshot<unknown> } | { problem: string } {
  let text: string;
  try {
    text = readFileSync(getRunPaths(runDir).snapshot, 'utf8');
  } catch (error) {
    return { problem: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'it is missing' : `it cannot be read (${(error as Error).message})` };
  }
  const parsed = parseJsonObject(text);
  if ('problem' in parsed) return parsed;
  const { value } = parsed;
  if (typeof value.status !== 'string' || !isRecord(value.context) || !isRecord(value.context.visits)) {
    return { problem: 'it is not a ser-flow machine snapshot' };
  }
  return { snapshot: value as unknown as Snapshot<unknown> };
}
