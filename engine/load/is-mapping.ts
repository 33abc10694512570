/** A plain mapping (what a YAML mapping parses to), not a list or null. */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
