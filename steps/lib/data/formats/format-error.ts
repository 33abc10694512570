import type { RawPair } from '../records.js';

/** What a format parser makes of one record: its pairs and how many of its comparisons were ties. */
export interface ParsedRecord {
  pairs: RawPair[];
  ties: number;
  /** The record's number or boolean answers were turned into text (the loader warns with file:line). */
  converted?: boolean;
}

/** One record does not fit the format; the loader adds the file:line. */
export class FormatError extends Error {}

export function getObject(value: unknown, what = 'record'): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new FormatError(`expected the ${what} to be a JSON object, got ${describeValue(value)}`);
  }
  return value as Record<string, unknown>;
}

export function getString(record: Record<string, unknown>, key: string, what = key): string {
  const value = record[key];
  if (typeof value !== 'string') throw new FormatError(`expected "${what}" to be a string, got ${describeValue(value)}`);
  return value;
}

export function getArray(record: Record<string, unknown>, key: string): unknown[] {
  const value = record[key];
  if (!Array.isArray(value)) throw new FormatError(`expected "${key}" to be an array, got ${describeValue(value)}`);
  return value;
}

export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return typeof value === 'string' ? `a string` : `${typeof value} ${JSON.stringify(value)}`.slice(0, 60);
}
