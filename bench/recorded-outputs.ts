// Step outputs of a run folder in a form two runs can be compared by: every steps/<state id>/<visit>/result.json,
// without absolute paths (each run has its own folder) and wall-clock figures.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type StepOutputs = Record<string, Record<string, unknown>>;

const TIMING_KEYS = new Set(['seconds', 'pairs_per_second']);

/** `state/visit` → outputs, for every finished visit of the run in `dir` (a run folder, or a --run-dir holding one). */
export function readComparableOutputs(dir: string): StepOutputs {
  const runDir = existsSync(join(dir, 'run.json')) ? dir : join(dir, readdirSync(dir).filter((name) => !name.startsWith('.'))[0]);
  const steps = join(runDir, 'steps');
  const result: StepOutputs = {};
  for (const state of readdirSync(steps).sort()) {
    for (const visit of readdirSync(join(steps, state))) {
      const file = join(steps, state, visit, 'result.json');
      if (!existsSync(file)) continue;
      const { outputs } = JSON.parse(readFileSync(file, 'utf8')) as { outputs: Record<string, unknown> };
      result[`${state}/${visit}`] = Object.fromEntries(
        Object.entries(outputs).filter(([key, value]) => !TIMING_KEYS.has(key) && !(typeof value === 'string' && value.startsWith('/'))),
      );
    }
  }
  return result;
}

export interface OutputDifference {
  step: string;
  key?: string;
  recorded: unknown;
  actual: unknown;
}

/**
 * Every recorded value must come back identical (outputs a step added since are not compared), and no visit may
 * appear that was not recorded. `only` limits the
 * comparison to steps whose state id it accepts (e.g. the RM loop when the tail was skipped).
 */
export function diffOutputs(recorded: StepOutputs, actual: StepOutputs, only: (state: string) => boolean = () => true): { compared: number; differences: OutputDifference[] } {
  const differences: OutputDifference[] = [];
  let compared = 0;
  for (const [step, outputs] of Object.entries(recorded)) {
    if (!only(step.slice(0, step.lastIndexOf('/')))) continue;
    const got = actual[step];
    if (!got) {
      differences.push({ step, recorded: 'a finished visit', actual: 'none' });
      continue;
    }
    for (const [key, value] of Object.entries(outputs)) {
      compared += 1;
      if (JSON.stringify(got[key]) !== JSON.stringify(value)) differences.push({ step, key, recorded: value, actual: got[key] });
    }
  }
  for (const step of Object.keys(actual)) {
    if (only(step.slice(0, step.lastIndexOf('/'))) && !(step in recorded)) differences.push({ step, recorded: 'no such visit', actual: 'a finished visit' });
  }
  return { compared, differences };
}
