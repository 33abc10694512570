// The engine's one JSON and JSONL reader. Run folders are read while another process may be writing them:
// the tolerant readers treat a missing or torn file as absent; readJsonFileSync is for files that must be whole.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { RunFileError } from './run-file-error.js';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Missing or torn reads as undefined. */
export function readJsonIfPresentSync<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

export async function readJsonIfPresent(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Why `text` (the content of a JSON object file) is unusable, or undefined when it is a JSON object. */
function getJsonObjectProblem(text: string): string | undefined {
  if (!text.trim()) return 'it is empty';
  try {
    return isRecord(JSON.parse(text)) ? undefined : 'it is not a JSON object';
  } catch (error) {
    return `it is not valid JSON (${(error as Error).message})`;
  }
}

/**
 * A JSON object file that must be there and whole (a run's run.json, resolved.json). Anything else is a
 * RunFileError naming the file, what is wrong and `remedy`.
 */
export function readJsonFileSync<T>(file: string, remedy: string): T {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new RunFileError(`${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); ${remedy}`);
  }
  const problem = getJsonObjectProblem(text);
  if (problem) throw new RunFileError(`${file} is damaged: ${problem}; ${remedy}`);
  return JSON.parse(text) as T;
}

function parseJsonLines(text: string): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const value = JSON.parse(line);
      if (isRecord(value)) rows.push(value);
    } catch {
      // A line being appended right now (the next read sees it whole), or one torn by a crash.
    }
  }
  return rows;
}

/** Parses JSON lines, skipping a torn line or any line that is not an object; a missing file has none. */
export async function readJsonLines(file: string): Promise<Record<string, unknown>[]> {
  return parseJsonLines(await readFile(file, 'utf8').catch(() => ''));
}

export function readJsonLinesSync(file: string): Record<string, unknown>[] {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    // No file yet: no lines.
  }
  return parseJsonLines(text);
}
