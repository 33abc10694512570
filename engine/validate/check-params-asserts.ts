import type { Workflow } from '../../schemas/workflow-types.js';
import type { JsonPath } from '../load/yaml-source.js';
import type { Report } from '../load/reporter.js';
import { getClosest } from '../load/get-closest.js';
import { evaluateParamsExpression } from './evaluate-params-expression.js';
import type { Combination } from './expand-matrix.js';
import type { ParamValue } from './resolve-params.js';
import { isRecord } from '../store/read-json.js';

/**
 * `checks:` against the resolved params, before anything runs: a false assert is an error with its message at the
 * named param's value (its `default:`, else its entry), saying when the value came from `--set`. A grid runs
 * each trial with its own params, so there every trial is checked (the first failing trial per check is reported,
 * at the matrix line when the grid sets the param).
 */
export function checkParamAsserts(options: {
  workflow: Workflow;
  params: Record<string, ParamValue>;
  set: Record<string, string>;
  /** The grid's trials (their matrix combinations); undefined without a grid. */
  trials?: Combination[];
  report: Report;
}): void {
  const { workflow, params, set, trials, report } = options;
  if (!Array.isArray(workflow.checks)) return;
  const declared = isRecord(workflow.params) ? workflow.params : {};
  const names = Object.keys(declared);
  workflow.checks.forEach((check, i) => {
    if (!isRecord(check) || typeof check.assert !== 'string' || typeof check.message !== 'string') return;
    const param = typeof check.param === 'string' ? check.param : undefined;
    if (param !== undefined && !Object.hasOwn(declared, param)) {
      report('failed-check', `checks: no param '${param}'${getClosest(param, names)}; declared params: ${names.join(', ') || '(none)'}`, ['checks', i, 'param']);
      return;
    }
    for (const [k, trial] of (trials ?? [undefined]).entries()) {
      const result = evaluateParamsExpression(check.assert, { ...params, ...trial });
      if (result === undefined || ('value' in result && result.value)) continue;
      if ('error' in result) {
        report('failed-check', `checks: ${result.error}`, ['checks', i, 'assert']);
        return;
      }
      const note = trial ? ` (grid trial ${k}: ${Object.entries(trial).map(([key, value]) => `${key}=${value}`).join(' ')})` : '';
      const fromTrial = trial !== undefined && param !== undefined && Object.hasOwn(trial, param);
      const fromSet = !fromTrial && param !== undefined && Object.hasOwn(set, param) ? ` (--set ${param}=${set[param]})` : '';
      const at = getLocation({ param, trial, declared, checkIndex: i });
      report('failed-check', `${check.message}${fromSet}${note}`, at.path, { key: at.key });
      return;
    }
  });
}

/** The grid's matrix line when the trial sets the param, else the param's default (or entry), else the assert. */
function getLocation(options: { param: string | undefined; trial: Combination | undefined; declared: Record<string, unknown>; checkIndex: number }): { path: JsonPath; key: boolean } {
  const { param, trial, declared, checkIndex } = options;
  if (param === undefined) return { path: ['checks', checkIndex, 'assert'], key: false };
  if (trial && Object.hasOwn(trial, param)) return { path: ['grid', 'matrix', param], key: false };
  const entry = declared[param];
  const hasDefault = isRecord(entry) && entry.default !== undefined;
  return hasDefault ? { path: ['params', param, 'default'], key: false } : { path: ['params', param], key: true };
}
