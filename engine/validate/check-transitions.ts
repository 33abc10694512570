import type { Workflow } from '../../schemas/workflow-types.js';
import type { Report } from '../load/reporter.js';
import { getClosest } from '../load/get-closest.js';
import { FINAL_STATES, getBranches, getEdges, getStateEntries, type StateEntry } from './workflow-view.js';
import { isRecord } from '../store/read-json.js';

/**
 * Targets exist, guarded lists end in a default, every state is reachable from its start. Top-level states go
 * to top-level states; a branch state stays in its branch (`done` ends the branch, `failed` fails the block).
 */
export function checkTransitions(workflow: Workflow, report: Report): void {
  const entries = getStateEntries(workflow);
  const scopes = getScopes(entries);
  const topNames = scopes.get(getScopeKey(undefined))?.map((entry) => entry.name) ?? [];
  const byName = new Map(entries.map((entry) => [entry.name, entry]));

  if (typeof workflow.start === 'string' && !topNames.includes(workflow.start)) {
    const inner = byName.get(workflow.start);
    const why = inner?.block ? `is a state of branch '${inner.block.branch}' of parallel state '${inner.block.name}'; start at a top-level state` : 'is not a state';
    report('unknown-target', `start: '${workflow.start}' ${why}; ${suggestTargets(workflow.start, topNames)}`, ['start']);
  }
  for (const entry of entries) {
    const { name, state, path, block } = entry;
    const local = scopes.get(getScopeKey(block))!.map((e) => e.name);
    for (const edge of getEdges(name, state, path)) {
      if ((FINAL_STATES as readonly string[]).includes(edge.to) || local.includes(edge.to)) continue;
      const elsewhere = byName.get(edge.to);
      if (block) {
        const detail = elsewhere ? '' : ` ('${edge.to}' is not a state; ${suggestTargets(edge.to, local)})`;
        report(
          'bad-parallel',
          `state '${name}' goes to '${edge.to}': target '${edge.to}' is outside branch '${block.branch}' of parallel state '${block.name}'${detail}; a branch state goes to a state of its branch, done (ends the branch) or failed (fails the block)`,
          edge.path,
        );
      } else if (elsewhere?.block) {
        report(
          'bad-parallel',
          `state '${name}' goes to '${edge.to}', which is inside branch '${elsewhere.block.branch}' of parallel state '${elsewhere.block.name}'; go to '${elsewhere.block.name}' to run the whole block`,
          edge.path,
        );
      } else {
        report('unknown-target', `state '${name}' goes to '${edge.to}', which is not a state; ${suggestTargets(edge.to, local)}`, edge.path);
      }
    }
    const next = state.next as unknown;
    if (Array.isArray(next) && next.length > 0) {
      const last = next[next.length - 1] as unknown;
      if (isRecord(last) && 'if' in last) {
        report(
          'missing-default',
          `state '${name}': the last entry of a guarded next has an if:, so no branch may match; end the list with a default entry without if: (e.g. "- next: failed")`,
          [...path, 'next', next.length - 1],
        );
      }
    }
  }
  checkReachability({ workflow, scopes, report });
}

function suggestTargets(target: string, names: string[]): string {
  const known = [...names, ...FINAL_STATES];
  return `known targets: ${known.join(', ')}${getClosest(target, known)}`;
}

/** The top level and each branch: the states that may target each other. */
function getScopes(entries: StateEntry[]): Map<string, StateEntry[]> {
  const scopes = new Map<string, StateEntry[]>([[getScopeKey(undefined), []]]);
  for (const entry of entries) {
    const key = getScopeKey(entry.block);
    scopes.set(key, [...(scopes.get(key) ?? []), entry]);
  }
  return scopes;
}

function getScopeKey(block: StateEntry['block']): string {
  return block ? JSON.stringify([block.name, block.branch]) : '';
}

/** Each scope from its start: the workflow's `start`, or the branch's. */
function checkReachability(options: { workflow: Workflow; scopes: Map<string, StateEntry[]>; report: Report }): void {
  const { workflow, scopes, report } = options;
  for (const entries of scopes.values()) {
    const block = entries[0]?.block;
    const start = block ? getBranchStart(workflow, block) : workflow.start;
    const states = new Map(entries.map((entry) => [entry.name, entry]));
    if (typeof start !== 'string' || !states.has(start) || states.size !== entries.length) continue;
    const reached = new Set<string>([start]);
    const queue = [start];
    while (queue.length) {
      const { name, state, path } = states.get(queue.shift() as string)!;
      for (const edge of getEdges(name, state, path)) {
        if (states.has(edge.to) && !reached.has(edge.to)) {
          reached.add(edge.to);
          queue.push(edge.to);
        }
      }
    }
    for (const { name, path } of entries) {
      if (reached.has(name)) continue;
      const from = block ? `the start of branch '${block.branch}' of parallel state '${block.name}' ('${start}')` : `start ('${start}')`;
      report('unreachable-state', `state '${name}' can never run: no transition from ${from} leads to it; remove it or add a transition`, path, { key: true });
    }
  }
}

function getBranchStart(workflow: Workflow, block: NonNullable<StateEntry['block']>): unknown {
  const parallel = getStateEntries(workflow).find((entry) => entry.name === block.name && !entry.block);
  return parallel ? getBranches(parallel.state).find(([branch]) => branch === block.branch)?.[1].start : undefined;
}
