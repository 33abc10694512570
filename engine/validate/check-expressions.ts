import type { Workflow } from '../../schemas/workflow-types.js';
import { checkReference, EXPRESSION_ROOTS, type OutputNames, type ReferenceContext } from '../expr/check-reference.js';
import { compileExpression } from '../expr/compile-expression.js';
import { scanTemplate } from '../expr/scan-template.js';
import type { LoadedPlugin } from '../plugins/loaded-plugin.js';
import type { JsonPath } from '../load/yaml-source.js';
import type { Report } from '../load/reporter.js';
import { getClosest } from '../load/get-closest.js';
import { getBranches, getStateEntries } from './workflow-view.js';
import { isRecord } from '../store/read-json.js';

const WITHOUT_ITEM = EXPRESSION_ROOTS.filter((root) => root !== 'item' && root !== 'item_index');
const WITHOUT_OUTPUTS = WITHOUT_ITEM.filter((root) => root !== 'outputs');
const PARAMS_ONLY = ['params'];

/** Where an expression reads `vars.<name>`: the never-set check points at the first read. */
export interface VarRead {
  name: string;
  path: JsonPath;
  offsetInValue: number;
}

/**
 * Syntax, safety and name checks for every `${{ }}`: in `with`, `if:`, `set:`, `implementation:`, and in what is
 * resolved from params before the run (`vars:` initial values, `for_each`, `checks`, grid matrix values).
 * Returns where vars are read.
 */
export function checkExpressions(options: { workflow: Workflow; plugins: Map<string, LoadedPlugin>; report: Report }): { varReads: VarRead[] } {
  const { workflow, plugins, report } = options;
  const entries = getStateEntries(workflow);
  const params = isRecord(workflow.params) ? Object.keys(workflow.params) : [];
  const outputsOf = new Map<string, OutputNames | undefined>(
    entries.map(({ name, state }) => [name, getBranches(state).length ? { plugin: '', names: [], open: false, block: true } : getOutputNames(plugins.get(name))]),
  );
  const fanOuts = new Set(entries.filter(({ state }) => state.for_each !== undefined).map(({ name }) => name));
  const vars = isRecord(workflow.vars) ? Object.keys(workflow.vars) : [];
  const base = { params, states: outputsOf, vars, fanOuts, suggest: getClosest };
  const varReads: VarRead[] = [];
  const check = (text: string, path: JsonPath, context: ReferenceContext) => checkString({ text, path, context, report, varReads });
  const checkParamsOnly = (value: unknown, path: JsonPath, where: string) =>
    walkStrings(value, path, (text, at) => check(text, at, { ...base, roots: PARAMS_ONLY, where }));

  if (isRecord(workflow.defaults) && typeof workflow.defaults.implementation === 'string') {
    check(workflow.defaults.implementation, ['defaults', 'implementation'], { ...base, roots: PARAMS_ONLY, where: 'implementation:' });
  }
  if (isRecord(workflow.vars)) checkParamsOnly(workflow.vars, ['vars'], 'vars:');
  if (Array.isArray(workflow.checks)) workflow.checks.forEach((entry, i) => isRecord(entry) && checkParamsOnly(entry.assert, ['checks', i, 'assert'], 'checks:'));
  const matrix = isRecord(workflow.grid) && isRecord(workflow.grid.matrix) ? workflow.grid.matrix : {};
  for (const [key, value] of Object.entries(matrix)) if (typeof value === 'string') checkParamsOnly(value, ['grid', 'matrix', key], 'grid.matrix');

  for (const { name, state, path } of entries) {
    const where = `state '${name}'`;
    const withRoots = state.for_each === undefined ? WITHOUT_OUTPUTS : [...WITHOUT_OUTPUTS, 'item', 'item_index'];
    if (isRecord(state.with)) walkStrings(state.with, [...path, 'with'], (text, at) => check(text, at, { ...base, roots: withRoots, where: `with: of ${where}` }));
    if (typeof state.implementation === 'string') check(state.implementation, [...path, 'implementation'], { ...base, roots: PARAMS_ONLY, where: 'implementation:' });
    if (typeof state.for_each === 'string') check(state.for_each, [...path, 'for_each'], { ...base, roots: PARAMS_ONLY, where: 'for_each:' });
    // Guards and set: run once the state (or its whole block) has finished: they see its outputs, never one item.
    const after = { ...base, roots: WITHOUT_ITEM, currentOutputs: outputsOf.get(name) };
    if (Array.isArray(state.next)) {
      state.next.forEach((branch: unknown, i) => {
        if (isRecord(branch) && typeof branch.if === 'string') check(branch.if, [...path, 'next', i, 'if'], { ...after, where: `if: of ${where}` });
      });
    }
    if (isRecord(state.set)) walkStrings(state.set, [...path, 'set'], (text, at) => check(text, at, { ...after, where: `set: of ${where}` }));
  }
  return { varReads };
}

/** Declared output names of a plugin; open when its schema explicitly admits other keys. */
export function getOutputNames(plugin: LoadedPlugin | undefined): OutputNames | undefined {
  if (!plugin) return undefined;
  const schema = plugin.outputSchema;
  const properties = isRecord(schema.properties) ? Object.keys(schema.properties) : [];
  const open = schema.additionalProperties === true || isRecord(schema.additionalProperties) || isRecord(schema.patternProperties);
  return { plugin: plugin.manifest.name, names: properties, open };
}

function checkString(options: { text: string; path: JsonPath; context: ReferenceContext; report: Report; varReads: VarRead[] }): void {
  const { text, path, context, report, varReads } = options;
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
      const offsetInValue = part.exprOffset + reference.index;
      const problem = checkReference(reference, context);
      if (problem) report(problem.code, problem.message, path, { offsetInValue });
      else if (reference.path[0] === 'vars' && reference.path[1] !== undefined) varReads.push({ name: String(reference.path[1]), path, offsetInValue });
    }
  }
}

/** Calls `visit` for every string inside a value, with its document path. */
export function walkStrings(value: unknown, path: JsonPath, visit: (text: string, path: JsonPath) => void): void {
  if (typeof value === 'string') visit(value, path);
  else if (Array.isArray(value)) value.forEach((item, i) => walkStrings(item, [...path, i], visit));
  else if (isRecord(value)) for (const [key, item] of Object.entries(value)) walkStrings(item, [...path, key], visit);
}
