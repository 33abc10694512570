import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/** One JSON value from a data file and where it came from, for error messages. */
export interface SourceRecord {
  value: unknown;
  /** `file:line` for JSON Lines, `file: record N` (1-based) for a JSON array. */
  where: string;
}

/** A record that could not be read or does not fit its format; `where` is `file:line`. */
export class MalformedRecordError extends Error {
  constructor(
    readonly where: string,
    readonly reason: string,
  ) {
    super(`${where}: ${reason}`);
  }
}

export interface ReadRecordsResult {
  records: SourceRecord[];
  /** Lines that were not valid JSON (only with onMalformed 'skip'). */
  malformed: MalformedRecordError[];
  /** 1-based numbers of the lines that are not valid UTF-8 (their bad bytes read as U+FFFD). */
  invalidUtf8Lines: number[];
}

/** Reads `.jsonl`, `.jsonl.gz`, `.json` (an array of records) or `.json.gz`; blank lines are ignored. */
export function readRecords(file: string, onMalformed: 'fail' | 'skip'): ReadRecordsResult {
  const gz = file.endsWith('.gz');
  const raw = readBytes(file, gz);
  const text = raw.toString('utf8');
  const invalidUtf8Lines = findInvalidUtf8Lines(raw);
  if (!text.trim()) throw new MalformedRecordError(file, `the file is empty${gz ? ' once decompressed' : ''}; give a data file with at least one record`);
  const base = gz ? file.slice(0, -3) : file;
  if (base.endsWith('.json')) return { records: parseJsonArray(text, file), malformed: [], invalidUtf8Lines };
  if (!base.endsWith('.jsonl')) {
    throw new MalformedRecordError(file, 'unknown file type: expected .jsonl, .jsonl.gz, .json or .json.gz');
  }
  const records: SourceRecord[] = [];
  const malformed: MalformedRecordError[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    const where = `${file}:${i + 1}`;
    try {
      records.push({ value: JSON.parse(line), where });
    } catch (error) {
      const problem = new MalformedRecordError(where, `not valid JSON (${(error as Error).message})`);
      if (onMalformed === 'fail') throw problem;
      malformed.push(problem);
    }
  }
  return { records, malformed, invalidUtf8Lines };
}

/** The file's bytes, decompressed; a damaged `.gz` is the user's input, said in one line (zlib's own words kept). */
function readBytes(file: string, gz: boolean): Buffer {
  const raw = readFileSync(file);
  if (!gz) return raw;
  try {
    return gunzipSync(raw);
  } catch (error) {
    const reason = (error as Error).message;
    const hint = raw.length < 2 || raw[0] !== 0x1f || raw[1] !== 0x8b ? 'it is not gzip data: recompress it, or drop the .gz suffix if it is plain text' : 'the gzip data is damaged or cut short: download or compress it again';
    throw new MalformedRecordError(file, `cannot decompress (${reason}); ${hint}`);
  }
}

function parseJsonArray(text: string, file: string): SourceRecord[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new MalformedRecordError(file, `not valid JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(data)) throw new MalformedRecordError(file, 'a .json data file must hold an array of records');
  return data.map((value, i) => ({ value, where: `${file}: record ${i + 1}` }));
}

/**
 * Decoding replaces bytes that are not UTF-8 with U+FFFD without a word; this names the lines where that
 * happened (a strict decode of the whole file first, so valid files cost one pass).
 */
export function findInvalidUtf8Lines(raw: Buffer): number[] {
  const strict = new TextDecoder('utf-8', { fatal: true });
  try {
    strict.decode(raw);
    return [];
  } catch {
    const lines: number[] = [];
    for (let start = 0, line = 1; start <= raw.length; line++) {
      const end = raw.indexOf(0x0a, start);
      const stop = end < 0 ? raw.length : end;
      try {
        strict.decode(raw.subarray(start, stop));
      } catch {
        lines.push(line);
      }
      start = stop + 1;
    }
    return lines;
  }
}
