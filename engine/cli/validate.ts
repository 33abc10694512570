import { resolve } from 'node:path';
import { loadWorkflow } from '../validate/load-workflow.js';
import { formatDiagnostics, hasErrors } from '../load/diagnostic.js';
import { EXIT } from './exit-error.js';

export interface ValidateCommandOptions {
  cwd: string;
  workflow: string;
  set?: Record<string, string>;
  pluginPaths?: string[];
  /** Where lines go (tests capture them); default stdout. */
  print?: (line: string) => void;
}

/** Prints every problem as `file:line:col severity code: message`; exit 2 on any error. */
export async function validateCommand(options: ValidateCommandOptions): Promise<number> {
  const { cwd, workflow, set = {}, pluginPaths = [], print = (line: string) => console.log(line) } = options;
  const { loaded, diagnostics } = await loadWorkflow(resolve(cwd, workflow), { set, pluginPaths: pluginPaths.map((p) => resolve(cwd, p)) });
  for (const line of formatDiagnostics(diagnostics, { cwd })) print(line);
  if (!loaded || hasErrors(diagnostics)) {
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    print(`${errors} error${errors === 1 ? '' : 's'}: fix them and run ser-flow validate again`);
    return EXIT.invalidInput;
  }
  print(`ok: ${loaded.workflow.name}, ${Object.keys(loaded.workflow.states).length} states`);
  return EXIT.ok;
}
