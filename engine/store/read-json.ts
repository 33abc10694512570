import { readFileSync } from 'node:fs';

/** Reads a JSON file another process may be writing or may never have written: missing or torn reads as undefined. */
export function readJsonIfPresentSync<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}
