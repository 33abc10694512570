import type { Workflow } from '../../schemas/generated/workflow.js';
import type { Report } from '../load/reporter.js';
import { getClosest } from '../load/get-closest.js';
import { FINAL_STATES, getBranches, getEdges, getStates } from './workflow-view.js';
import { isRecord } from '../store/read-json.js';

/** Targets exist, guarded lists end in a default, every state is reachable from `start`. */
export function checkTransitions(workflow: Workflow, report: Report): void {
  const states = getStates(workflow);
  const names = states.map(([name]) => name);
  const known = new Set<string>([...names, ...FINAL_STATES]);
  const suggest = (target: string) => `known targets: ${[...names, ...FINAL_STATES].join(', ')}${getClosest(target, [...known])}`;

  if (typeof workflow.start === 'string' && !names.includes(workflow.start)) {
    report('unknown-target', `start: '${workflow.start}' is not a state; ${suggest(workflow.start)}`, ['start']);
  }
  for (const [name, state] of states) {
    for (const edge of getEdges(name, state)) {
      if (!known.has(edge.to)) report('unknown-target', `state '${name}' goes to '${edge.to}', which is not a state; ${suggest(edge.to)}`, edge.path);
    }
    const next = state.next as unknown;
    if (Array.isArray(next) && next.length > 0) {
      const last = next[next.length - 1] as unknown;
      if (isRecord(last) && 'if' in last) {
        report(
          'missing-default',
          `state '${name}': the last entry of a guarded next has an if:, so no branch may match; end the list with a default entry without if: (e.g. "- next: failed")`,
          ['states', name, 'next', next.length - 1],
        );
      }
    }
  }
  checkReachability(workflow, report);
}

function checkReachability(workflow: Workflow, report: Report): void {
  const states = new Map(getStates(workflow));
  if (typeof workflow.start !== 'string' || !states.has(workflow.start)) return;
  const reached = new Set<string>([workflow.start]);
  const queue = [workflow.start];
  while (queue.length) {
    const name = queue.shift() as string;
    const state = states.get(name)!;
    // A parallel state starts each of its branches.
    for (const to of [...getEdges(name, state).map((edge) => edge.to), ...getBranches(state).map(([, branch]) => branch.start)]) {
      if (states.has(to) && !reached.has(to)) {
        reached.add(to);
        queue.push(to);
      }
    }
  }
  for (const name of states.keys()) {
    if (!reached.has(name)) {
      report('unreachable-state', `state '${name}' can never run: no transition from start ('${workflow.start}') leads to it; remove it or add a transition`, ['states', name], {
        key: true,
      });
    }
  }
}
