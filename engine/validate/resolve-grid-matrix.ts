import type { Grid, Workflow } from '../../schemas/workflow-types.js';
import type { Report } from '../load/reporter.js';
import { evaluateParamsExpression } from './evaluate-params-expression.js';
import type { ParamValue } from './resolve-params.js';
import { isRecord } from '../store/read-json.js';

/**
 * The grid with each `${{ }}` matrix value replaced by the list it gives with these params (after --set), so
 * `seed: ${{ range(1, params.seeds + 1) }}` with `--set seeds=5` makes 5 trials. The workflow is not changed;
 * a value that is not a non-empty list is reported at its line and left as written.
 */
export function resolveGridMatrix(options: { workflow: Workflow; params: Record<string, ParamValue>; report: Report }): Grid | undefined {
  const { workflow, params, report } = options;
  if (!isRecord(workflow.grid) || !isRecord(workflow.grid.matrix)) return workflow.grid;
  const matrix: Grid['matrix'] = { ...workflow.grid.matrix };
  for (const [key, value] of Object.entries(matrix)) {
    if (key === 'include' || key === 'exclude' || typeof value !== 'string') continue;
    const result = evaluateParamsExpression(value, params);
    if (result === undefined) continue;
    const fail = (problem: string) => report('grid', `grid value for param '${key}': ${problem}`, ['grid', 'matrix', key]);
    if ('error' in result) fail(`cannot be evaluated: ${result.error}`);
    else if (!Array.isArray(result.value)) fail(`${value} gives ${JSON.stringify(result.value) ?? 'undefined'}, not a list of values; write a list or e.g. \${{ range(1, params.seeds + 1) }}`);
    else if (result.value.length === 0) fail(`${value} gives an empty list: the grid would have no trials`);
    else matrix[key] = result.value as (string | number | boolean)[];
  }
  return { ...workflow.grid, matrix };
}
