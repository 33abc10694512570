import type { Param, Workflow } from '../../schemas/workflow-types.js';
import type { Report } from '../load/reporter.js';
import { isRecord } from '../store/read-json.js';

export type ParamValue = string | number | boolean;

/** Defaults overlaid with `--set` values, each coerced to and checked against its declared type. */
export function resolveParams(options: { workflow: Workflow; set: Record<string, string>; report: Report }): Record<string, ParamValue> {
  const { workflow, set, report } = options;
  const declared = isRecord(workflow.params) ? (workflow.params as Record<string, Param>) : {};
  const params: Record<string, ParamValue> = {};
  const gridAxes = getGridAxes(workflow);
  for (const [name, param] of Object.entries(declared)) {
    if (!isRecord(param) || typeof param.type !== 'string') continue;
    if (param.default !== undefined) {
      const problem = getParamProblem(param, param.default);
      if (problem) report('bad-param', `param '${name}': default ${problem}`, ['params', name, 'default']);
      else params[name] = param.default;
    }
    if (Object.hasOwn(set, name)) {
      const coerced = coerceParam(param, set[name]);
      if ('error' in coerced) report('bad-param', `--set ${name}=${set[name]}: ${coerced.error}`, ['params', name], { key: true });
      else params[name] = coerced.value;
    } else if (param.default === undefined && !gridAxes.includes(name)) {
      report('bad-param', `param '${name}' has no default; give it a value with --set ${name}=<${param.type}> or add default:`, ['params', name], { key: true });
    }
  }
  for (const name of Object.keys(set)) {
    if (!Object.hasOwn(declared, name)) {
      const names = Object.keys(declared);
      report('bad-param', `--set ${name}=${set[name]}: the workflow declares no param '${name}' (declared: ${names.length ? names.join(', ') : 'none'}); declare it under params: or fix the name`, ['params'], {
        key: true,
      });
    }
  }
  return params;
}

/** Params a grid sets in every trial: they need no default. */
function getGridAxes(workflow: Workflow): string[] {
  const matrix = isRecord(workflow.grid) ? workflow.grid.matrix : undefined;
  return isRecord(matrix) ? Object.keys(matrix).filter((key) => key !== 'include' && key !== 'exclude') : [];
}

/** Turns command-line text into the param's type, then checks enum and range. */
export function coerceParam(param: Param, text: string): { value: ParamValue } | { error: string } {
  let value: ParamValue;
  switch (param.type) {
    case 'string':
      value = text;
      break;
    case 'boolean':
      if (text !== 'true' && text !== 'false') return { error: `expected a boolean (true or false), got "${text}"` };
      value = text === 'true';
      break;
    default: {
      const number = text.trim() === '' ? NaN : Number(text);
      if (!Number.isFinite(number)) return { error: `expected ${param.type === 'integer' ? 'an integer' : 'a number'}, got "${text}"` };
      value = number;
    }
  }
  const problem = getParamProblem(param, value);
  return problem ? { error: problem } : { value };
}

/** Why `value` does not fit the param (type, enum, minimum, maximum), or undefined when it does. */
export function getParamProblem(param: Param, value: unknown): string | undefined {
  const typeOk =
    param.type === 'integer' ? Number.isInteger(value) : param.type === 'number' ? typeof value === 'number' && Number.isFinite(value) : typeof value === param.type;
  if (!typeOk) return `expected ${param.type === 'integer' ? 'an integer' : `a ${param.type}`}, got ${JSON.stringify(value)}`;
  // Beyond 2^53 integers lose their last digits, so 1e300 is not the integer it looks like.
  if (param.type === 'integer' && !Number.isSafeInteger(value)) return `${String(value)} is too large for an integer (at most ${Number.MAX_SAFE_INTEGER} in magnitude)`;
  if (Array.isArray(param.enum) && !param.enum.some((allowed) => allowed === value)) {
    return `${JSON.stringify(value)} is not one of ${param.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  if (typeof value === 'number') {
    if (typeof param.minimum === 'number' && value < param.minimum) return `${value} is below the minimum ${param.minimum}`;
    if (typeof param.maximum === 'number' && value > param.maximum) return `${value} is above the maximum ${param.maximum}`;
  }
  return undefined;
}
