import type { Workflow } from '../../schemas/workflow-types.js';
import type { Report } from '../load/reporter.js';
import { evaluateParamsExpression } from './evaluate-params-expression.js';
import type { ParamValue } from './resolve-params.js';
import { getStateEntries } from './workflow-view.js';

/** Members one for_each state may start at once (each takes a CPU slot or GPU lease). */
export const MAX_FAN_OUT = 64;

/**
 * The list each for_each state fans out over, known before the run (like `implementation:`): a literal list,
 * or an expression over params. Keyed by state name; a problem is reported at the for_each value.
 * A grid trial resolves its own (engine/run/run-inputs.ts), so members may differ between trials.
 */
export function resolveFanOuts(options: {
  workflow: Workflow;
  params: Record<string, ParamValue>;
  report: Report;
}): Record<string, unknown[]> {
  const { workflow, params, report } = options;
  const fanOuts: Record<string, unknown[]> = {};
  for (const { name, state, path, block } of getStateEntries(workflow)) {
    // Inside a branch a fan-out is not supported: checkParallel says so.
    if (state.for_each === undefined || block) continue;
    const at = [...path, 'for_each'];
    const fail = (problem: string) => report('bad-fan-out', `state '${name}': for_each ${problem}`, at);
    let items: unknown = state.for_each;
    // Any other shape is a schema error already.
    if (typeof items === 'string') {
      const result = evaluateParamsExpression(items, params);
      if (result === undefined) continue;
      if ('error' in result) {
        fail(`cannot be evaluated: ${result.error}`);
        continue;
      }
      items = result.value;
    } else if (!Array.isArray(items)) continue;
    if (!Array.isArray(items)) fail(`must give a list, but ${String(state.for_each)} gives ${JSON.stringify(items) ?? 'undefined'}; write a list or e.g. \${{ range(params.n) }}`);
    else if (items.length === 0) fail('gives an empty list: a fan-out needs at least one item');
    else if (items.length > MAX_FAN_OUT) fail(`gives ${items.length} items; at most ${MAX_FAN_OUT} members may run at once`);
    else fanOuts[name] = items;
  }
  return fanOuts;
}
