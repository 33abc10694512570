import { FormatError, describeValue, getObject, getString, type ParsedRecord } from './format-error.js';

/**
 * The generic format: `{prompt, chosen, rejected}` strings (what prepare-data itself writes). A number or boolean
 * answer (e.g. JSON `true`) becomes its JSON text, flagged so the loader warns; null, arrays and objects fail.
 */
export function parseGeneric(value: unknown): ParsedRecord {
  const record = getObject(value);
  const prompt = getString(record, 'prompt');
  const [chosen, rejected] = [getAnswer(record, 'chosen'), getAnswer(record, 'rejected')];
  return { pairs: [{ prompt, chosen: chosen.text, rejected: rejected.text }], ties: 0, ...(chosen.converted || rejected.converted ? { converted: true } : {}) };
}

function getAnswer(record: Record<string, unknown>, key: string): { text: string; converted: boolean } {
  const value = record[key];
  if (typeof value === 'string') return { text: value, converted: false };
  if (typeof value === 'number' || typeof value === 'boolean') return { text: JSON.stringify(value), converted: true };
  throw new FormatError(`expected "${key}" to be a string (or a number or boolean, read as its text), got ${describeValue(value)}`);
}
