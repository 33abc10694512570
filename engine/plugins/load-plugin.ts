import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { ValidateFunction } from 'ajv';
import type { PluginManifest } from '../../schemas/generated/plugin.js';
import { loadProjectSchema } from '../load/project-root.js';
import { parseYamlSource, type YamlSource } from '../load/yaml-source.js';
import { compileShared, createAjv } from '../load/create-ajv.js';
import type { Diagnostic } from '../load/diagnostic.js';
import { getSchemaDiagnostics } from '../load/schema-diagnostics.js';
import { makeSourceLocate } from '../load/locate.js';
import type { LoadedPlugin } from './loaded-plugin.js';
import { findEscapingCommandPaths } from './command-paths.js';
import { resolveSchemaRefs, stripIdentity } from './resolve-schema-refs.js';

export const MANIFEST_FILE = 'plugin.yaml';

let manifestValidator: ValidateFunction | undefined;

/**
 * Loads `plugin.yaml`, validates it, and inlines its I/O schemas; problems come back as diagnostics.
 * `text` stands in for the file's content when the caller already holds it (the fuzz test).
 */
export async function loadPlugin(manifestFile: string, options: { text?: string } = {}): Promise<{ plugin?: LoadedPlugin; diagnostics: Diagnostic[] }> {
  let text: string;
  try {
    text = options.text ?? (await readFile(manifestFile, 'utf8'));
  } catch (error) {
    return { diagnostics: [manifestDiagnostic(manifestFile, `cannot read the plugin manifest: ${(error as Error).message}`)] };
  }
  const source = parseYamlSource({ file: manifestFile, text });
  if (source.data === undefined) {
    return { diagnostics: source.diagnostics.map((d) => ({ ...d, code: 'plugin-manifest', message: `plugin manifest: ${d.message}` })) };
  }
  manifestValidator ??= createAjv().compile(loadProjectSchema('plugin.schema.json'));
  const schemaDiagnostics = getSchemaDiagnostics({ locate: makeSourceLocate(source), validate: manifestValidator, data: source.data, what: 'plugin manifest' });
  if (schemaDiagnostics.length) {
    return { diagnostics: schemaDiagnostics.map((d) => ({ ...d, code: 'plugin-manifest', message: `plugin manifest: ${d.message}` })) };
  }
  const manifest = source.data as PluginManifest;
  const diagnostics: Diagnostic[] = [];
  for (const { index, message } of findEscapingCommandPaths(manifest.command, dirname(resolve(manifestFile)))) {
    const { line, col } = source.positionOf(['command', index], { closest: true });
    diagnostics.push(manifestDiagnostic(source.file, message, line, col, ['command', index]));
  }
  if (diagnostics.length) return { diagnostics };
  const inputSchema = resolveIoSchema(source, 'inputs', diagnostics);
  const outputSchema = resolveIoSchema(source, 'outputs', diagnostics);
  if (!inputSchema || !outputSchema) return { diagnostics };
  const hash = createHash('sha256').update(text).update('\0').update(JSON.stringify(inputSchema)).update('\0').update(JSON.stringify(outputSchema)).digest('hex');
  return {
    plugin: { manifest, dir: dirname(resolve(manifestFile)), manifestFile: resolve(manifestFile), inputSchema, outputSchema, hash },
    diagnostics,
  };
}

/** Inlines `{$ref: file}` and checks that ajv can compile the result (an unusable schema is a manifest error, not a run-time crash). */
function resolveIoSchema(source: YamlSource, key: 'inputs' | 'outputs', diagnostics: Diagnostic[]): Record<string, unknown> | undefined {
  const raw = (source.data as Record<string, unknown>)[key];
  let schema: Record<string, unknown>;
  try {
    schema = stripIdentity(resolveSchemaRefs(raw, source.file));
  } catch (error) {
    const { line, col } = source.positionOf([key, '$ref'], { closest: true });
    diagnostics.push(manifestDiagnostic(source.file, `${key}: ${(error as Error).message}; fix the $ref path (relative to plugin.yaml)`, line, col, [key]));
    return undefined;
  }
  if (schema.type !== 'object') {
    const { line, col } = source.positionOf([key], { closest: true });
    diagnostics.push(manifestDiagnostic(source.file, `${key}: the schema must have type: object (one property per input/output)`, line, col, [key]));
    return undefined;
  }
  try {
    compileShared(schema);
  } catch (error) {
    const { line, col } = source.positionOf([key], { closest: true });
    diagnostics.push(manifestDiagnostic(source.file, `${key}: not a usable JSON Schema: ${(error as Error).message}`, line, col, [key]));
    return undefined;
  }
  return schema;
}

export function manifestDiagnostic(file: string, message: string, line = 1, col = 1, path: (string | number)[] = []): Diagnostic {
  return { code: 'plugin-manifest', message, file, line, col, path, severity: 'error' };
}
