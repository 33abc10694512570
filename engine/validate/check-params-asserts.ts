import type { Workflow } from '../../schemas/generated/workflow.js';
import type { Report } from '../load/reporter.js';
import { getClosest } from '../load/get-closest.js';
import { evaluateParamsExpression } from './evaluate-params-expression.js';
import type { ParamValue } from './resolve-params.js';
import { isRecord } from '../store/read-json.js';

/**
 * `checks:` against the resolved params, before anything runs: a false assert is an error with its message at the
 * named param's value (its `default:`, else its entry), saying when the value came from `--set`.
 */
export function checkParamAsserts(options: { workflow: Workflow; params: Record<string, ParamValue>; set: Record<string, string>; report: Report }): void {
  const { workflow, params, set, report } = options;
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
    const result = evaluateParamsExpression(check.assert, params);
    if (result === undefined) return;
    if ('error' in result) {
      report('failed-check', `checks: ${result.error}`, ['checks', i, 'assert']);
      return;
    }
    if (result.value) return;
    if (param === undefined) {
      report('failed-check', check.message, ['checks', i, 'assert']);
      return;
    }
    const fromSet = Object.hasOwn(set, param) ? ` (--set ${param}=${set[param]})` : '';
    const hasDefault = isRecord(declared[param]) && declared[param].default !== undefined;
    report('failed-check', `${check.message}${fromSet}`, hasDefault ? ['params', param, 'default'] : ['params', param], { key: !hasDefault });
  });
}
