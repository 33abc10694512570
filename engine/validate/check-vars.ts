import type { Workflow } from '../../schemas/workflow-types.js';
import type { Report } from '../load/reporter.js';
import { getClosest } from '../load/get-closest.js';
import type { VarRead } from './check-expressions.js';
import { getStateEntries } from './workflow-view.js';
import { isRecord } from '../store/read-json.js';

/**
 * `set:` assigns only declared vars, and a var that is read has a value by then: a non-null initial value, or
 * some state sets it. (Reads of undeclared vars are reported where they are written, by checkExpressions.)
 */
export function checkVars(options: { workflow: Workflow; varReads: VarRead[]; report: Report }): void {
  const { workflow, varReads, report } = options;
  const declared = isRecord(workflow.vars) ? workflow.vars : {};
  const names = Object.keys(declared);
  const assigned = new Set<string>();
  for (const { name, state, path } of getStateEntries(workflow)) {
    if (!isRecord(state.set)) continue;
    for (const key of Object.keys(state.set)) {
      assigned.add(key);
      if (Object.hasOwn(declared, key)) continue;
      report(
        'bad-var',
        `state '${name}' sets variable '${key}', which is never declared (vars: ${names.join(', ') || '(none)'})${getClosest(key, names)}; declare it under vars: with an initial value`,
        [...path, 'set', key],
        { key: true },
      );
    }
  }
  const reported = new Set<string>();
  for (const read of varReads) {
    if (reported.has(read.name) || !Object.hasOwn(declared, read.name) || assigned.has(read.name)) continue;
    const initial = declared[read.name];
    if (initial !== null && initial !== undefined) continue;
    reported.add(read.name);
    report('bad-var', `variable '${read.name}' is never set: give it an initial value in vars: or set it with set: in a state`, read.path, { offsetInValue: read.offsetInValue });
  }
}
