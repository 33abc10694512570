import { existsSync, readFileSync } from 'node:fs';
import { formatDiagnostic, hasErrors } from '../load/diagnostic.js';
import { getRunPaths } from '../store/run-paths.js';
import { loadWorkflow, type LoadedWorkflow } from '../validate/load-workflow.js';
import { RunInputError } from './run-errors.js';

/**
 * Loads the workflow frozen in a run folder (self-contained: an `extends` chain and templates are already merged
 * into it), placed at the file the run started from, whose folder the `plugins:` entries are relative to; without
 * a frozen copy (run folders from before it was kept), the file itself. `what` starts each error ("cannot resume").
 */
export async function loadFrozenWorkflow(runDir: string, file: string, params: Record<string, unknown>, what: string): Promise<LoadedWorkflow> {
  const frozen = getRunPaths(runDir).workflow;
  const text = existsSync(frozen) ? readFileSync(frozen, 'utf8') : undefined;
  if (text === undefined && !existsSync(file)) {
    throw new RunInputError(`${what}: the workflow file ${file} the run started from is gone; resume needs it to find the run's plugins`);
  }
  const set = Object.fromEntries(Object.entries(params).map(([key, value]) => [key, String(value)]));
  const { loaded, diagnostics } = await loadWorkflow(file, { set, ...(text === undefined ? {} : { text }) });
  if (!loaded || hasErrors(diagnostics)) {
    const problems = diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
    throw new RunInputError(`${what}: ${file}${text === undefined ? '' : ` (as frozen in ${frozen})`} no longer validates:\n${problems.join('\n')}`);
  }
  return loaded;
}
