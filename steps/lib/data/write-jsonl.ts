import { readFileSync } from 'node:fs';
import writeFileAtomic from 'write-file-atomic';

/** Writes records as JSON Lines atomically: readers never see a half-written file. */
export async function writeJsonl(file: string, records: readonly unknown[]): Promise<void> {
  await writeFileAtomic(file, records.map((r) => JSON.stringify(r) + '\n').join(''));
}

/** Reads a JSON Lines file the SER steps wrote; a bad line fails with file:line. */
export function readJsonl<T>(file: string): T[] {
  const out: T[] = [];
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].trim()) continue;
    try {
      out.push(JSON.parse(lines[i]) as T);
    } catch (error) {
      throw new Error(`${file}:${i + 1}: not valid JSON (${(error as Error).message})`);
    }
  }
  return out;
}
