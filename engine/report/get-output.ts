import type { RunData, VisitRecord } from './run-data.js';
import { parseMemberId } from '../validate/workflow-view.js';
import { isRecord } from '../store/read-json.js';

/** Splits `state.name` at the first dot: state names never contain one, output and metric names may. */
export function parseStateRef(ref: string): { state: string; name: string } {
  const dot = ref.indexOf('.');
  return { state: ref.slice(0, dot), name: ref.slice(dot + 1) };
}

/** A numeric reading of an output value (booleans count as 0/1); undefined for anything else. */
export function getNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return undefined;
}

/** An output by name, falling back to a dotted path into nested objects (`metrics.accuracy`). */
export function getOutputValue(outputs: Record<string, unknown>, name: string): unknown {
  if (name in outputs) return outputs[name];
  let value: unknown = outputs;
  for (const part of name.split('.')) {
    if (!isRecord(value)) return undefined;
    value = value[part];
  }
  return value;
}

/** `[visit, value]` for every finished visit of the referenced state that produced the output. */
export function getOutputHistory(run: Pick<RunData, 'visits'>, ref: string): { visit: number; value: unknown }[] {
  const { state, name } = parseStateRef(ref);
  const history: { visit: number; value: unknown }[] = [];
  for (const visit of run.visits[state] ?? getMemberVisits(run.visits, state)) {
    if (!visit.outputs) continue;
    const value = getOutputValue(visit.outputs, name);
    if (value !== undefined) history.push({ visit: visit.visit, value });
  }
  return history;
}

/** The latest value of `state.output` in a run. */
export function getFinalOutput(run: RunData, ref: string): unknown {
  return getOutputHistory(run, ref).at(-1)?.value;
}

/** The first of `refs` that the run produced, as a number (a fallback list: methods end in different states). */
export function getFirstFinalNumber(run: RunData, refs: string[]): number | undefined {
  for (const ref of refs) {
    const value = getNumber(getFinalOutput(run, ref));
    if (value !== undefined) return value;
  }
  return undefined;
}

/**
 * The visits of a for_each state, which has no step folder of its own: at each visit every member finished,
 * outputs are the members' values in member order (as `states.X.outputs.<key>` in expressions).
 */
function getMemberVisits(visits: RunData['visits'], state: string): VisitRecord[] {
  const members = Object.keys(visits)
    .map((id) => ({ id, member: parseMemberId(id) }))
    .filter(({ member }) => member?.state === state)
    .sort((a, b) => a.member!.index - b.member!.index)
    .map(({ id }) => visits[id] ?? []);
  if (members.length === 0) return [];
  const joined: VisitRecord[] = [];
  for (const first of members[0]) {
    const outputs = members.map((list) => list.find((v) => v.visit === first.visit)?.outputs);
    if (outputs.some((o) => o === undefined)) continue;
    const keys = [...new Set(outputs.flatMap((o) => Object.keys(o!)))];
    joined.push({ visit: first.visit, attempts: 0, metrics: [], outputs: Object.fromEntries(keys.map((key) => [key, outputs.map((o) => o![key])])) });
  }
  return joined;
}
