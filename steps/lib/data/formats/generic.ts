import { getObject, getString, type ParsedRecord } from './format-error.js';

/** The generic format: `{prompt, chosen, rejected}` strings (what prepare-data itself writes). */
export function parseGeneric(value: unknown): ParsedRecord {
  const record = getObject(value);
  return { pairs: [{ prompt: getString(record, 'prompt'), chosen: getString(record, 'chosen'), rejected: getString(record, 'rejected') }], ties: 0 };
}
