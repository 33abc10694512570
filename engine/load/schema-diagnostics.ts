import type { ErrorObject, ValidateFunction } from 'ajv';
import type { JsonPath } from './yaml-source.js';
import type { Diagnostic } from './diagnostic.js';
import { getClosest } from './get-closest.js';
import { addNote, type Locate } from './locate.js';

/** Runs a compiled schema over a document and maps each ajv error to a diagnostic where the node is written (one per path). */
export function getSchemaDiagnostics(options: { locate: Locate; validate: ValidateFunction; data: unknown; what: string }): Diagnostic[] {
  const { locate, validate, data, what } = options;
  if (validate(data)) return [];
  const errors = dropBranchNoise(validate.errors ?? []);
  const byPath = new Map<string, ErrorObject[]>();
  for (const error of errors) {
    const key = getErrorPath(error).join('\u0000');
    byPath.set(key, [...(byPath.get(key) ?? []), error]);
  }
  return [...byPath.values()].map((group) => toDiagnostic(locate, group, what));
}

/** instancePath segments, plus the offending key for errors about a key (unknown or missing). */
export function getErrorPath(error: ErrorObject): JsonPath {
  const path: JsonPath = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  if (error.keyword === 'additionalProperties') path.push(String(error.params.additionalProperty));
  // Errors about a key's name (propertyNames and the rules inside it) carry the key.
  const propertyName = error.propertyName ?? (error.keyword === 'propertyNames' ? error.params.propertyName : undefined);
  if (propertyName !== undefined) path.push(String(propertyName));
  return path;
}

/**
 * A failed oneOf reports every branch. When some branch got further (errors deeper in the document),
 * the shallow "wrong type" errors of the other branches only hide the real problem.
 */
function dropBranchNoise(errors: ErrorObject[]): ErrorObject[] {
  const branchPaths = new Set(errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => e.instancePath));
  return errors.filter((error) => {
    if (error.keyword === 'if') return false;
    if (!branchPaths.has(error.instancePath)) return true;
    const deeper = errors.some((other) => other.instancePath.startsWith(error.instancePath + '/'));
    if (!deeper) return true;
    return !['oneOf', 'anyOf', 'type', 'const', 'enum'].includes(error.keyword);
  });
}

function toDiagnostic(locate: Locate, group: ErrorObject[], what: string): Diagnostic {
  const path = getErrorPath(group[0]);
  // Unknown or badly named keys point at the key; a missing key points at the key of the mapping that lacks it.
  const isKey = group.some((e) => e.keyword === 'additionalProperties' || e.keyword === 'propertyNames' || e.keyword === 'required' || e.propertyName !== undefined);
  const location = locate(path, { closest: true, key: isKey });
  return { code: 'schema', message: addNote(describeErrors(group, path, what), location), file: location.file, line: location.line, col: location.col, path, severity: 'error' };
}

function describeErrors(group: ErrorObject[], path: JsonPath, what: string): string {
  const where = path.length ? `'${path.join('.')}'` : `the ${what}`;
  const types = group.filter((e) => e.keyword === 'type').map((e) => String(e.params.type));
  // The umbrella errors (oneOf, propertyNames) only say that an inner rule failed; the inner errors say which.
  const specific = group.filter((e) => !['type', 'oneOf', 'anyOf'].includes(e.keyword) && !(e.keyword === 'propertyNames' && group.length > 1));
  if (specific.length === 0 && types.length > 0) {
    return `${where} must be ${[...new Set(types)].join(' or ')}; found ${describeValue(group[0].data)}`;
  }
  const parts = (specific.length ? specific : group).map((error) => describeError(error));
  return `${where}: ${[...new Set(parts)].join('; ')}`;
}

function describeError(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const allowed = Object.keys((error.parentSchema?.properties as object | undefined) ?? {});
      const key = String(p.additionalProperty);
      return `unknown key '${key}'${getClosest(key, allowed)}${allowed.length ? ` (allowed: ${allowed.join(', ')})` : ''}; remove it or fix its spelling`;
    }
    case 'required':
      return `missing required key '${String(p.missingProperty)}'`;
    case 'enum':
      return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}; found ${describeValue(error.data)}`;
    case 'pattern':
      return `${describeValue(error.data)} does not match the pattern ${String(p.pattern)}`;
    case 'propertyNames':
      return `'${String(p.propertyName)}' is not an allowed name`;
    case 'not':
      return error.propertyName !== undefined ? `'${error.propertyName}' is a reserved name; rename it` : `${describeValue(error.data)} is not allowed here`;
    default:
      return `${error.message ?? error.keyword}${error.keyword === 'oneOf' ? '' : `; found ${describeValue(error.data)}`}`;
  }
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}
