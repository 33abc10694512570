import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';

const MAX_DEPTH = 20;

/**
 * Replaces every `$ref` that names a file (`path.json`, `path.json#/definitions/x`) with that file's content,
 * relative to the file that contains it, so a plugin's I/O schema is one self-contained object.
 * Refs inside the same document (`#/...`) are left to ajv.
 */
export function resolveSchemaRefs(schema: unknown, baseFile: string, depth = 0): unknown {
  if (depth > MAX_DEPTH) throw new Error(`schema $ref chain deeper than ${MAX_DEPTH} levels (a cycle?) at ${baseFile}`);
  if (Array.isArray(schema)) return schema.map((item) => resolveSchemaRefs(item, baseFile, depth));
  if (!schema || typeof schema !== 'object') return schema;
  const record = schema as Record<string, unknown>;
  if (typeof record.$ref === 'string' && !record.$ref.startsWith('#')) {
    const [filePart, fragment] = record.$ref.split('#', 2);
    const file = resolve(dirname(baseFile), filePart);
    const loaded = selectPointer(readSchemaFile(file), fragment ?? '', file);
    const { $ref: _ref, ...siblings } = record;
    return { ...stripIdentity(resolveSchemaRefs(loaded, file, depth + 1)), ...siblings };
  }
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, resolveSchemaRefs(value, baseFile, depth)]));
}

export function readSchemaFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`schema file ${file} does not exist or cannot be read`);
  }
  try {
    return file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new Error(`schema file ${file} is not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(error as Error).message}`);
  }
}

function selectPointer(document: unknown, pointer: string, file: string): unknown {
  let node = document;
  for (const raw of pointer.split('/').slice(1)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!node || typeof node !== 'object' || !(key in node)) throw new Error(`${file} has no '#${pointer}'`);
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/**
 * `$id` and `$schema` are dropped from inlined schemas: the same file may be inlined into many plugins
 * (ajv refuses a second schema with the same $id), and draft declarations do not change our validation.
 */
export function stripIdentity(schema: unknown): Record<string, unknown> {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return {};
  const { $id: _id, $schema: _schema, ...rest } = schema as Record<string, unknown>;
  return rest;
}
