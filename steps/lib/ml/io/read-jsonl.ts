import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/** One parsed line and its `file:line`, for error messages. */
export interface JsonlRecord {
  value: Record<string, unknown>;
  where: string;
}

/** Reads a `.jsonl` (or `.jsonl.gz`) file; blank lines are skipped, a bad line fails with file:line. */
export function readJsonl(file: string): JsonlRecord[] {
  let raw: Buffer;
  try {
    raw = readFileSync(file);
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; check the path`, { cause: error });
  }
  const text = (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
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
