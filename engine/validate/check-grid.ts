import type { Param, Workflow } from '../../schemas/workflow-types.js';
import { expandMatrix, MatrixTooLargeError, type Combination } from './expand-matrix.js';
import type { Report } from '../load/reporter.js';
import { getParamProblem } from './resolve-params.js';
import { isRecord } from '../store/read-json.js';

/**
 * Grid shape only: matrix keys and include/exclude entries name declared params, with values of the param's type.
 * Returns the trials' combinations when the matrix expands (undefined without a grid or when it cannot).
 */
export function checkGrid(workflow: Workflow, report: Report): Combination[] | undefined {
  if (!isRecord(workflow.grid) || !isRecord(workflow.grid.matrix)) return undefined;
  const declared = (isRecord(workflow.params) ? workflow.params : {}) as Record<string, Param>;
  const names = Object.keys(declared);
  const checkValue = (param: string, value: unknown, path: (string | number)[], keyPath: (string | number)[]) => {
    const spec = Object.hasOwn(declared, param) ? declared[param] : undefined;
    if (!isRecord(spec)) {
      report('grid', `grid: '${param}' is not a declared param (declared: ${names.join(', ') || 'none'}); grid keys set params, so declare it under params:`, keyPath, { key: true });
      return false;
    }
    const problem = getParamProblem(spec, value);
    if (problem) report('grid', `grid value for param '${param}': ${problem}`, path);
    return true;
  };
  const { include, exclude, ...axes } = workflow.grid.matrix;
  for (const [param, values] of Object.entries(axes)) {
    if (!Array.isArray(values)) continue;
    for (const [i, value] of values.entries()) if (!checkValue(param, value, ['grid', 'matrix', param, i], ['grid', 'matrix', param])) break;
  }
  for (const [listName, list] of [['include', include], ['exclude', exclude]] as const) {
    if (!Array.isArray(list)) continue;
    list.forEach((entry, i) => {
      if (!isRecord(entry)) return;
      for (const [param, value] of Object.entries(entry)) {
        checkValue(param, value, ['grid', 'matrix', listName, i, param], ['grid', 'matrix', listName, i, param]);
      }
    });
  }
  // A matrix of the wrong shape is already a schema error; expanding it would only crash.
  if (!isMatrixShape(workflow.grid.matrix)) return undefined;
  try {
    return expandMatrix(workflow.grid);
  } catch (error) {
    if (!(error instanceof MatrixTooLargeError)) throw error;
    report('grid', error.message, ['grid', 'matrix'], { key: true });
    return undefined;
  }
}

/** Value lists are arrays, include/exclude arrays of mappings: what expandMatrix can walk. */
function isMatrixShape(matrix: Record<string, unknown>): boolean {
  const { include = [], exclude = [], ...axes } = matrix;
  const isEntries = (list: unknown) => Array.isArray(list) && list.every(isRecord);
  return isEntries(include) && isEntries(exclude) && Object.values(axes).every(Array.isArray);
}
