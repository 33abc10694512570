import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { getInputValidator } from '../../../engine/execute/get-validator.js';
import { getProjectRoot } from '../../../engine/load/project-root.js';
import { resolveSchemaRefs, stripIdentity } from '../../../engine/plugins/resolve-schema-refs.js';

const schemas = new Map<string, Record<string, unknown>>();

/**
 * A built-in plugin's inputs with its schema's defaults filled in, as the engine fills them before it writes
 * the request: tests that start a plugin directly send what the engine would. Invalid inputs stay as they
 * are (some tests send them on purpose).
 */
export function withSchemaDefaults(plugin: string, inputs: Record<string, unknown>): Record<string, unknown> {
  let schema = schemas.get(plugin);
  if (!schema) {
    const manifestFile = join(getProjectRoot(), 'steps', 'plugins', plugin, 'plugin.yaml');
    const manifest = parseYaml(readFileSync(manifestFile, 'utf8')) as { inputs: unknown };
    schema = stripIdentity(resolveSchemaRefs(manifest.inputs, manifestFile));
    schemas.set(plugin, schema);
  }
  const filled = structuredClone(inputs);
  getInputValidator(schema)(filled);
  return filled;
}
