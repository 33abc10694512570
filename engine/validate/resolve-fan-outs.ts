import type { Workflow } from '../../schemas/generated/workflow.js';
import { evaluateExpression, getSoleExpression } from '../expr/index.js';
import { getStateEntries } from './workflow-view.js';

/**
 * Each for_each state's items, from its literal list or its `${{ }}` expression over params (resolved before
 * the run, so the member count is fixed); a state whose for_each does not yield a non-empty list is a problem.
 */
export function resolveFanOuts(
  workflow: Workflow,
  params: Record<string, string | number | boolean>,
): { fanOuts: Record<string, unknown[]>; problems: { state: string; message: string }[] } {
  const fanOuts: Record<string, unknown[]> = {};
  const problems: { state: string; message: string }[] = [];
  for (const { name, state } of getStateEntries(workflow).filter((entry) => !entry.block)) {
    const source = state.for_each;
    if (source === undefined) continue;
    let items: unknown;
    try {
      const expr = typeof source === 'string' ? getSoleExpression(source) : undefined;
      items = expr === undefined ? source : evaluateExpression(expr, { params, states: {}, loop: { index: 0 }, run: { id: '', dir: '' } });
    } catch (error) {
      problems.push({ state: name, message: `state '${name}': for_each could not be resolved: ${(error as Error).message}` });
      continue;
    }
    if (Array.isArray(items) && items.length > 0) fanOuts[name] = items;
    else problems.push({ state: name, message: `state '${name}': for_each must yield a non-empty list, got ${JSON.stringify(items)}` });
  }
  return { fanOuts, problems };
}
