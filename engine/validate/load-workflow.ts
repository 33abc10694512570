import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import type { Workflow } from '../../schemas/workflow-types.js';
import { loadWorkflowDocument } from '../load/load-workflow-document.js';
import { findPlugins, getPluginSearchPath } from '../plugins/find-plugins.js';
import type { LoadedPlugin } from '../plugins/loaded-plugin.js';
import { checkExperiment } from './check-experiment.js';
import { checkExpressions } from './check-expressions.js';
import { checkGrid } from './check-grid.js';
import { checkLoops } from './check-loops.js';
import { checkParallel } from './check-parallel.js';
import { checkParamAsserts } from './check-params-asserts.js';
import { checkPluginInputs } from './check-plugin-inputs.js';
import { checkTransitions } from './check-transitions.js';
import { checkVars } from './check-vars.js';
import { hasErrors, sortDiagnostics, type Diagnostic } from '../load/diagnostic.js';
import { createReporter } from '../load/reporter.js';
import { checkTrialFanOuts } from './check-trial-fan-outs.js';
import { resolveFanOuts } from './resolve-fan-outs.js';
import { resolveGridMatrix } from './resolve-grid-matrix.js';
import { resolveParams } from './resolve-params.js';
import { resolveStatePlugins } from './resolve-state-plugins.js';
import { getBranches, getStates } from './workflow-view.js';
import { isRecord } from '../store/read-json.js';

export interface LoadedWorkflow {
  /** Absolute path of the workflow file. */
  file: string;
  /** The workflow as written, except that `${{ }}` grid matrix values are replaced by the lists they give. */
  workflow: Workflow;
  /** Declared params: defaults overlaid with --set, typed. */
  params: Record<string, string | number | boolean>;
  /** Keyed by for_each STATE name: the items it fans out over (resolved from params; member k gets item k). */
  fanOuts: Record<string, unknown[]>;
  /** Keyed by STATE name: the plugin (implementation resolved) each state runs. */
  plugins: Map<string, LoadedPlugin>;
  /** What to freeze into the run folder: the file's own text, or, when it uses extends or templates, the merged document as YAML. */
  text: string;
}

export interface LoadWorkflowOptions {
  /** `--set key=value` overrides. */
  set?: Record<string, string>;
  /** Extra plugin folders, searched after the workflow's own `plugins:` entries. */
  pluginPaths?: string[];
  /** The file's text when the caller already holds it (the fuzz test); `file` still places it. */
  text?: string;
}

/**
 * Reads, parses and validates a workflow: YAML, schema, params, plugins, parallel blocks, transitions, loops,
 * expressions, vars, checks, fan-outs, plugin inputs, grid shape and report.experiment, all reported together. `loaded` is set only
 * when no error was found.
 * Never throws for user mistakes.
 */
export async function loadWorkflow(file: string, options: LoadWorkflowOptions = {}): Promise<{ loaded?: LoadedWorkflow; diagnostics: Diagnostic[] }> {
  const { set = {}, pluginPaths = [] } = options;
  const path = resolve(file);
  let text: string;
  try {
    text = options.text ?? (await readFile(path, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    return { diagnostics: [{ code: 'yaml-syntax', message: `cannot read the workflow: ${reason}`, file, line: 1, col: 1, path: [], severity: 'error' }] };
  }
  // extends and templates are resolved first, so every check below sees the merged document.
  const { document, diagnostics: loadDiagnostics } = await loadWorkflowDocument({ file, text });
  if (!document) return { diagnostics: sortDiagnostics(loadDiagnostics) };

  const { report, diagnostics } = createReporter(document.locate);
  diagnostics.push(...loadDiagnostics);
  if (!isRecord(document.data)) return { diagnostics: sortDiagnostics(diagnostics) };
  const written = document.data as unknown as Workflow;

  const params = resolveParams({ workflow: written, set, report });
  const grid = resolveGridMatrix({ workflow: written, params, report });
  const workflow: Workflow = grid === written.grid ? written : { ...written, grid };
  const workflowPlugins = Array.isArray(workflow.plugins) ? workflow.plugins.filter((p): p is string => typeof p === 'string') : [];
  workflowPlugins.forEach((entry, i) => {
    if (!existsSync(resolve(dirname(path), entry))) {
      report('unknown-plugin', `plugins: folder '${entry}' does not exist (resolved against the workflow's folder: ${resolve(dirname(path), entry)})`, ['plugins', i]);
    }
  });
  const searchPath = getPluginSearchPath({ baseDir: dirname(path), workflowPlugins, extra: pluginPaths.map((p) => resolve(p)) });
  const found = await findPlugins(searchPath);
  diagnostics.push(...getRelevantManifestDiagnostics(found.diagnostics, workflow));

  const plugins = resolveStatePlugins({ workflow, available: found.plugins, params, searchPath, report });
  checkParallel(workflow, report);
  checkTransitions(workflow, report);
  checkLoops(workflow, report);
  const { varReads } = checkExpressions({ workflow: written, plugins, report });
  checkVars({ workflow, varReads, report });
  checkPluginInputs({ workflow, plugins, report });
  const trials = checkGrid(workflow, report);
  checkExperiment(workflow, report);
  checkParamAsserts({ workflow, params, set, trials, report });
  const fanOuts = resolveFanOuts({ workflow, params, report });
  checkTrialFanOuts({ workflow, params, trials, report });

  const sorted = sortDiagnostics(diagnostics);
  if (hasErrors(sorted)) return { diagnostics: sorted };
  const unresolved = getStates(workflow).filter(([name, state]) => getBranches(state).length === 0 && !plugins.has(name));
  if (unresolved.length) throw new Error(`bug: no plugin chosen for states ${unresolved.map(([name]) => name).join(', ')} and no diagnostic says why`);
  return { loaded: { file: path, workflow, params, fanOuts, plugins, text: document.text }, diagnostics: sorted };
}

/**
 * A broken manifest is an error when this workflow uses a step of that name (or a folder named like it);
 * a broken plugin the workflow never touches is only a warning, so one bad plugin cannot block every workflow.
 */
function getRelevantManifestDiagnostics(diagnostics: Diagnostic[], workflow: Workflow): Diagnostic[] {
  const used = new Set(getStates(workflow).map(([, state]) => state.step));
  return diagnostics.map((d) => (used.has(basename(dirname(d.file))) ? d : { ...d, severity: 'warning' as const }));
}
