// What a run derives from its workflow and params before the machine starts (a start, a grid trial, a resume alike).
import type { Workflow } from '../../schemas/workflow-types.js';
import { resolveTemplate } from '../expr/index.js';
import { resolveFanOuts } from '../validate/resolve-fan-outs.js';
import { RunInputError } from './run-errors.js';

/** The initial `vars`: each value as written, its `${{ }}` resolved against params (and the run's id and folder). */
export function resolveInitialVars(workflow: Workflow, params: Record<string, string | number | boolean>, run: { id: string; dir: string }): Record<string, unknown> {
  return resolveTemplate(workflow.vars ?? {}, { params, states: {}, loop: { index: 0 }, run }) as Record<string, unknown>;
}

/** Each for_each state's items for these params (a grid trial's own; a resume's frozen ones give the same members). */
export function getRunFanOuts(workflow: Workflow, params: Record<string, string | number | boolean>): Record<string, unknown[]> {
  const problems: string[] = [];
  const fanOuts = resolveFanOuts({ workflow, params, report: (_code, message) => problems.push(message) });
  if (problems.length > 0) throw new RunInputError(problems.join('; '));
  return fanOuts;
}
