import type { Workflow } from '../../schemas/workflow-types.js';
import type { Report } from '../load/reporter.js';
import { getEdges, getStateEntries } from './workflow-view.js';

/**
 * Every state on a cycle (through any transition, on_error included) must set max_visits,
 * so no workflow can spin forever. Cycles are the strongly connected components (Tarjan).
 * A parallel or for_each block counts as one state: a cycle through it needs the block's max_visits, and a
 * branch state needs its own only for a cycle inside its branch (transitions never cross a branch's edge).
 */
export function checkLoops(workflow: Workflow, report: Report): void {
  const entries = getStateEntries(workflow);
  const states = new Map(entries.map((entry) => [entry.name, entry]));
  const getScope = (name: string) => JSON.stringify(states.get(name)?.block ?? null);
  const successors = new Map(
    entries.map(({ name, state, path }) => [name, getEdges(name, state, path).map((e) => e.to).filter((to) => states.has(to) && getScope(to) === getScope(name))]),
  );
  for (const component of getCycles(successors)) {
    const cycle = component.join(' → ');
    for (const name of component) {
      const { state, path } = states.get(name)!;
      if (state.max_visits === undefined) {
        report(
          'unbounded-loop',
          `state '${name}' is on a cycle (${cycle}) but sets no max_visits; add max_visits: <n> (and on_exhausted: <state> to leave the loop instead of failing)`,
          path,
          { key: true },
        );
      }
    }
  }
}

/**
 * Strongly connected components that contain a cycle (size > 1, or a self-loop), in declaration order.
 * Tarjan's algorithm with an explicit stack: a long chain of states must not overflow the call stack.
 */
export function getCycles(successors: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const open = (node: string) => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
  };
  const close = (node: string) => {
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    const selfLoop = component.length === 1 && (successors.get(node) ?? []).includes(node);
    if (component.length > 1 || selfLoop) components.push(component);
  };
  for (const root of successors.keys()) {
    if (index.has(root)) continue;
    open(root);
    const frames = [{ node: root, next: 0 }];
    while (frames.length) {
      const frame = frames[frames.length - 1];
      const targets = successors.get(frame.node) ?? [];
      if (frame.next < targets.length) {
        const target = targets[frame.next++];
        if (!index.has(target)) {
          open(target);
          frames.push({ node: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(target)!));
        }
        continue;
      }
      frames.pop();
      close(frame.node);
      const parent = frames[frames.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
    }
  }
  const order = new Map([...successors.keys()].map((name, i) => [name, i]));
  return components.map((c) => c.sort((a, b) => order.get(a)! - order.get(b)!));
}
