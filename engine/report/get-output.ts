import type { RunData } from './run-data.js';
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
  for (const visit of run.visits[state] ?? []) {
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
