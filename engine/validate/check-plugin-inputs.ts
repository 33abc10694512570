import type { Workflow } from '../../schemas/workflow-types.js';
import { hasExpression } from '../expr/scan-template.js';
import type { LoadedPlugin } from '../plugins/loaded-plugin.js';
import { compileShared } from '../load/create-ajv.js';
import type { Report } from '../load/reporter.js';
import { describeValue, getErrorPath } from '../load/schema-diagnostics.js';
import { getStateEntries } from './workflow-view.js';
import { isRecord } from '../store/read-json.js';

/**
 * `with` against the plugin's input schema: unknown keys, missing required inputs, and literal values of the
 * wrong shape. Values containing `${{ }}` are only known at run time (the engine validates them then).
 */
export function checkPluginInputs(options: { workflow: Workflow; plugins: Map<string, LoadedPlugin>; report: Report }): void {
  const { workflow, plugins, report } = options;
  for (const { name, state, path: statePath } of getStateEntries(workflow)) {
    const plugin = plugins.get(name);
    if (!plugin) continue;
    const schema = plugin.inputSchema;
    const given = isRecord(state.with) ? state.with : {};
    const properties = isRecord(schema.properties) ? Object.keys(schema.properties) : [];
    const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
    const open = schema.additionalProperties === true || isRecord(schema.additionalProperties) || isRecord(schema.patternProperties);
    const summary = `inputs of '${plugin.manifest.name}': ${properties.join(', ') || '(none)'}${required.length ? `; required: ${required.join(', ')}` : ''}`;

    for (const key of Object.keys(given)) {
      if (!open && !properties.includes(key)) {
        report('plugin-input', `state '${name}': plugin '${plugin.manifest.name}' has no input '${key}' (${summary})`, [...statePath, 'with', key], { key: true });
      }
    }
    const missing = required.filter((key) => !(key in given));
    if (missing.length) {
      const path = isRecord(state.with) ? [...statePath, 'with'] : statePath;
      report('plugin-input', `state '${name}': missing required input${missing.length > 1 ? 's' : ''} ${missing.map((k) => `'${k}'`).join(', ')} for plugin '${plugin.manifest.name}' (${summary})`, path, {
        key: true,
      });
    }
    checkLiterals({ name, path: statePath, plugin, given, report });
  }
}

function checkLiterals(options: { name: string; path: (string | number)[]; plugin: LoadedPlugin; given: Record<string, unknown>; report: Report }): void {
  const { name, path: statePath, plugin, given, report } = options;
  // A null input is left out of the request (the plugin's default applies), so only other literals are judged.
  const literals = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== null && !hasExpression(value)));
  // Key presence is checked above with better messages; here only the literal values are judged.
  const validate = compileShared({ ...plugin.inputSchema, required: [] });
  if (validate(literals)) return;
  for (const error of validate.errors ?? []) {
    if (error.instancePath === '' && (error.keyword === 'required' || error.keyword === 'additionalProperties')) continue;
    const path = getErrorPath(error);
    report(
      'plugin-input',
      `state '${name}': input '${path.join('.')}' ${error.message ?? 'is invalid'}; found ${describeValue(error.data)} (plugin '${plugin.manifest.name}')`,
      [...statePath, 'with', ...path],
    );
  }
}
