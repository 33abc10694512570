import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import writeFileAtomic from 'write-file-atomic';

// The one JSON Lines reader and writer of steps/ (user datasets in other formats: read-records.ts).

/** One parsed line and its `file:line`, for error messages. */
export interface JsonlRecord {
  value: Record<string, unknown>;
  where: string;
}

/** Writes records as JSON Lines atomically: readers never see a half-written file. */
export async function writeJsonl(file: string, records: readonly unknown[]): Promise<void> {
  await writeFileAtomic(file, records.map((r) => JSON.stringify(r) + '\n').join(''));
}

/** Reads a `.jsonl` (or `.jsonl.gz`) file of JSON objects; blank lines are skipped, a bad line fails with file:line. */
export function readJsonl(file: string): JsonlRecord[] {
  let raw: Buffer;
  try {
    raw = readFileSync(file);
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; check the path`, { cause: error });
  }
  let text: string;
  try {
    text = (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  } catch (error) {
    throw new Error(`${file}: cannot decompress (${(error as Error).message}); it is damaged, cut short, or not gzip`, { cause: error });
  }
  const out: JsonlRecord[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const where = `${file}:${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new Error(`${where}: not valid JSON (${(error as Error).message})`, { cause: error });
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${where}: expected a JSON object per line`);
    out.push({ value: value as Record<string, unknown>, where });
  });
  return out;
}

/** A string field of a record, or a file:line error naming the field. */
export function getStringField(record: JsonlRecord, field: string): string {
  const value = record.value[field];
  if (typeof value !== 'string') throw new Error(`${record.where}: field '${field}' must be a string, found ${JSON.stringify(value) ?? 'nothing'}`);
  return value;
}

/** `id` may be a string or a number in data files; it is carried as a string. */
export function getIdField(record: JsonlRecord): string {
  const value = record.value.id;
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  throw new Error(`${record.where}: field 'id' must be a string or number, found ${JSON.stringify(value) ?? 'nothing'}`);
}
