import type { Workflow } from '../../schemas/workflow-types.js';
import type { Report } from '../load/reporter.js';
import { getClosest } from '../load/get-closest.js';
import { getBranches, getStateEntries, type StateEntry } from './workflow-view.js';

/** Keys a parallel state cannot have: it runs no step of its own, its branch states do. */
const NOT_ON_PARALLEL = ['step', 'uses', 'with', 'for_each'] as const;

/**
 * The shape of parallel blocks: state names unique across the workflow (branch states included), each branch's
 * `start` among its states, no block inside a branch, no step on a block, `fail_fast` only on blocks.
 * (Where branch states may go is checkTransitions' job.)
 */
export function checkParallel(workflow: Workflow, report: Report): void {
  const seen = new Map<string, StateEntry>();
  for (const entry of getStateEntries(workflow)) {
    const { name, state, path, block } = entry;
    const first = seen.get(name);
    if (first) {
      report('bad-parallel', `state '${name}' is defined twice (${describePlace(first)} and ${describePlace(entry)}); state names are unique across the workflow, branches included`, path, {
        key: true,
      });
    } else seen.set(name, entry);

    const isBlock = getBranches(state).length > 0;
    if (block && isBlock) report('bad-parallel', `state '${name}' in ${describePlace(entry)}: a parallel state inside a branch is not supported; move it to the top level`, [...path, 'parallel'], { key: true });
    if (block && state.for_each !== undefined) report('bad-parallel', `state '${name}' in ${describePlace(entry)}: for_each inside a branch is not supported; move it to the top level`, [...path, 'for_each'], { key: true });
    if (isBlock) {
      for (const key of NOT_ON_PARALLEL) {
        if (state[key] === undefined) continue;
        report('bad-parallel', `parallel state '${name}' cannot have ${key}: a parallel state runs no step itself; put the step in a state of one of its branches`, [...path, key], { key: true });
      }
      for (const [branch, body] of getBranches(state)) {
        const states = body.states && typeof body.states === 'object' ? Object.keys(body.states) : [];
        if (typeof body.start !== 'string' || states.includes(body.start)) continue;
        report(
          'bad-parallel',
          `branch '${branch}' of parallel state '${name}': start '${body.start}' is not a state of the branch; its states: ${states.join(', ') || '(none)'}${getClosest(body.start, states)}`,
          [...path, 'parallel', branch, 'start'],
        );
      }
    }
    if (state.fail_fast !== undefined && !isBlock && state.for_each === undefined) {
      report('bad-parallel', `state '${name}': fail_fast applies only to parallel and for_each states (it says whether one failed member cancels the others)`, [...path, 'fail_fast'], { key: true });
    }
  }
}

function describePlace(entry: StateEntry): string {
  return entry.block ? `branch '${entry.block.branch}' of parallel state '${entry.block.name}'` : 'the top level';
}
