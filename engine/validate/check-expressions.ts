import type { Workflow } from '../../schemas/generated/workflow.js';
import { checkReference, EXPRESSION_ROOTS, type OutputNames, type ReferenceContext } from '../expr/check-reference.js';
import { compileExpression } from '../expr/compile-expression.js';
import { scanTemplate } from '../expr/scan-template.js';
import type { LoadedPlugin } from '../plugins/loaded-plugin.js';
import type { JsonPath } from '../load/yaml-source.js';
import type { Report } from '../load/reporter.js';
import { getStates } from './workflow-view.js';
import { isRecord } from '../store/read-json.js';

const WITHOUT_OUTPUTS = EXPRESSION_ROOTS.filter((root) => root !== 'outputs');

/** Syntax, safety and name checks for every `${{ }}` in `with`, `if:` and `implementation:`. */
export function checkExpressions(options: { workflow: Workflow; plugins: Map<string, LoadedPlugin>; report: Report }): void {
  const { workflow, plugins, report } = options;
  const states = getStates(workflow);
  const params = isRecord(workflow.params) ? Object.keys(workflow.params) : [];
  const outputsOf = new Map<string, OutputNames | undefined>(states.map(([name]) => [name, getOutputNames(plugins.get(name))]));
  const base = { params, states: outputsOf };

  if (isRecord(workflow.defaults) && typeof workflow.defaults.implementation === 'string') {
    checkString({ text: workflow.defaults.implementation, path: ['defaults', 'implementation'], context: { ...base, roots: ['params'], where: 'implementation:' }, report });
  }
  for (const [name, state] of states) {
    const where = `state '${name}'`;
    if (isRecord(state.with)) {
      // Stopgap until the vars/for_each checks land: `vars` everywhere, `item`/`item_index` in a for_each state.
      const roots = [...WITHOUT_OUTPUTS, 'vars', ...(state.for_each === undefined ? [] : ['item', 'item_index'])];
      walkStrings(state.with, ['states', name, 'with'], (text, path) =>
        checkString({ text, path, context: { ...base, roots, where: `with: of ${where}` }, report }),
      );
    }
    if (typeof state.implementation === 'string') {
      checkString({ text: state.implementation, path: ['states', name, 'implementation'], context: { ...base, roots: ['params'], where: 'implementation:' }, report });
    }
    if (Array.isArray(state.next)) {
      state.next.forEach((branch: unknown, i) => {
        if (!isRecord(branch) || typeof branch.if !== 'string') return;
        const context = { ...base, currentOutputs: outputsOf.get(name), where: `if: of ${where}` };
        checkString({ text: branch.if, path: ['states', name, 'next', i, 'if'], context, report });
      });
    }
  }
}

/** Declared output names of a plugin; open when its schema explicitly admits other keys. */
export function getOutputNames(plugin: LoadedPlugin | undefined): OutputNames | undefined {
  if (!plugin) return undefined;
  const schema = plugin.outputSchema;
  const properties = isRecord(schema.properties) ? Object.keys(schema.properties) : [];
  const open = schema.additionalProperties === true || isRecord(schema.additionalProperties) || isRecord(schema.patternProperties);
  return { plugin: plugin.manifest.name, names: properties, open };
}

function checkString(options: { text: string; path: JsonPath; context: ReferenceContext; report: Report }): void {
  const { text, path, context, report } = options;
  const { parts, unterminatedAt } = scanTemplate(text);
  if (unterminatedAt !== undefined) {
    report('expression-syntax', `'\${{' is never closed: end the expression with '}}'`, path, { offsetInValue: unterminatedAt });
  }
  for (const part of parts) {
    if (part.kind !== 'expr') continue;
    const compiled = compileExpression(part.expr);
    if (!compiled.ok) {
      report('expression-syntax', `expression "${part.expr}": ${compiled.message}`, path, { offsetInValue: part.exprOffset + compiled.index });
      continue;
    }
    for (const reference of compiled.references) {
      const problem = checkReference(reference, context);
      if (problem) report(problem.code, problem.message, path, { offsetInValue: part.exprOffset + reference.index });
    }
  }
}

/** Calls `visit` for every string inside a value, with its document path. */
export function walkStrings(value: unknown, path: JsonPath, visit: (text: string, path: JsonPath) => void): void {
  if (typeof value === 'string') visit(value, path);
  else if (Array.isArray(value)) value.forEach((item, i) => walkStrings(item, [...path, i], visit));
  else if (isRecord(value)) for (const [key, item] of Object.entries(value)) walkStrings(item, [...path, key], visit);
}
