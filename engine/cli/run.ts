import { resolve } from 'node:path';
import { formatDiagnostics, hasErrors } from '../load/diagnostic.js';
import { loadWorkflow } from '../validate/load-workflow.js';
import { createProcessLeases } from '../devices/process-leases.js';
import { startGridRun } from '../grid/start-grid-run.js';
import { makeStateExecutors } from '../run/build-runtime.js';
import { startRun } from '../run/start-run.js';
import { EXIT, ExitError } from './exit-error.js';
import { mapRunErrors, reportRunResult } from './run-exit.js';

export interface RunCommandOptions {
  cwd: string;
  workflow: string;
  set: Record<string, string>;
  runDir: string;
  runId?: string;
  /** False with `--no-cache`: every step executes and nothing is stored. */
  cache: boolean;
  /** Off a terminal, print every line (every training step's metrics) as well. */
  verbose?: boolean;
}

/** `ser-flow run <workflow>`: validate, create runs/<id>/, run to `done` (0) or `failed` (1); 2 on bad input. */
export async function runCommand(options: RunCommandOptions): Promise<number> {
  const { cwd, workflow, set, runDir, runId } = options;
  const file = resolve(cwd, workflow);
  const { loaded, diagnostics } = await loadWorkflow(file, { set });
  // As `validate` prints them: files relative to the working folder.
  for (const line of formatDiagnostics(diagnostics, { cwd })) console.error(line);
  if (!loaded || hasErrors(diagnostics)) {
    throw new ExitError(EXIT.invalidInput, `${workflow}: not run; fix the problems above (\`ser-flow validate ${workflow}\` checks again)`);
  }
  // Slurm states must be servable before the run folder exists, so a mistake leaves nothing half-made.
  await mapRunErrors(async () => makeStateExecutors({ workflow: loaded.workflow, plugins: loaded.plugins, workflowFile: loaded.file }));
  const start = loaded.workflow.grid ? startGridRun : startRun;
  const leases = createProcessLeases();
  const result = await mapRunErrors(() => start({ loaded, runsDir: resolve(cwd, runDir), ...(runId ? { runId } : {}), leases, cache: options.cache, verbose: options.verbose ?? false }));
  return reportRunResult(result, loaded.workflow.report?.summary ?? []);
}
