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

/** The JSON object in `text` (a JSON object file's content), or why it is unusable. */
export function parseJsonObject(text: string): { value: Record<string, unknown> } | { problem: string } {
  if (!text.trim()) return { problem: 'it is empty' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problem: `it is not valid JSON (${(error as Error).message})` };
  }
  return isRecord(value) ? { value } : { problem: 'it is not a JSON object' };
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
  const parsed = parseJsonObject(text);
  if ('problem' in parsed) throw new RunFileError(`${file} is damaged: ${parsed.problem}; ${remedy}`);
  return parsed.value as T;
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
