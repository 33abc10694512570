import type { Workflow } from '../../schemas/workflow-types.js';
import type { Report } from '../load/reporter.js';
import type { Combination } from './expand-matrix.js';
import { resolveFanOuts } from './resolve-fan-outs.js';
import type { ParamValue } from './resolve-params.js';

/**
 * Each grid trial resolves its own for_each lists when it starts; a list that fails for one trial's params
 * (empty, too long, not a list) is reported now, at the for_each, naming the first such trial.
 */
export function checkTrialFanOuts(options: { workflow: Workflow; params: Record<string, ParamValue>; trials: Combination[] | undefined; report: Report }): void {
  const { workflow, params, trials = [], report } = options;
  for (const [k, trial] of trials.entries()) {
    let failed = false;
    const note = ` (grid trial ${k}: ${Object.entries(trial).map(([key, value]) => `${key}=${value}`).join(' ')})`;
    resolveFanOuts({
      workflow,
      params: { ...params, ...trial },
      report: (code, message, path, reportOptions) => {
        failed = true;
        report(code, `${message}${note}`, path, reportOptions);
      },
    });
    if (failed) return;
  }
}
