import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import type { Workflow } from '../../schemas/generated/workflow.js';
import { parseYamlSource } from '../load/yaml-source.js';
import { findPlugins, getPluginSearchPath } from '../plugins/find-plugins.js';
import type { LoadedPlugin } from '../plugins/loaded-plugin.js';
import { checkExpressions } from './check-expressions.js';
import { checkGrid } from './check-grid.js';
import { checkLoops } from './check-loops.js';
import { checkPluginInputs } from './check-plugin-inputs.js';
import { checkTransitions } from './check-transitions.js';
import { hasErrors, sortDiagnostics, type Diagnostic } from '../load/diagnostic.js';
import { createReporter } from '../load/reporter.js';
import { getWorkflowValidator } from './parse-workflow-shape.js';
import { resolveFanOuts } from './resolve-fan-outs.js';
import { resolveParams } from './resolve-params.js';
import { resolveStatePlugins } from './resolve-state-plugins.js';
import { getSchemaDiagnostics } from '../load/schema-diagnostics.js';
import { getStates } from './workflow-view.js';
import { isRecord } from '../store/read-json.js';

export interface LoadedWorkflow {
  /** Absolute path of the workflow file. */
  file: string;
  workflow: Workflow;
  /** Declared params: defaults overlaid with --set, typed. */
  params: Record<string, string | number | boolean>;
  /** Keyed by STATE name: the plugin (implementation resolved) each state runs. */
  plugins: Map<string, LoadedPlugin>;
  /** The original text, for freezing into the run folder. */
  text: string;
  /** Each for_each state's items, resolved from params (the member count is known before the run). */
  fanOuts: Record<string, unknown[]>;
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
 * Reads, parses and validates a workflow: YAML, schema, params, plugins, transitions, loops, expressions,
 * plugin inputs and grid shape, all reported together. `loaded` is set only when no error was found.
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
  const source = parseYamlSource({ file, text });
  if (source.data === undefined) return { diagnostics: sortDiagnostics(source.diagnostics) };

  const { report, diagnostics } = createReporter(source);
  diagnostics.push(...source.diagnostics, ...getSchemaDiagnostics({ source, validate: getWorkflowValidator(), data: source.data, what: 'workflow' }));
  if (!isRecord(source.data)) return { diagnostics: sortDiagnostics(diagnostics) };
  const workflow = source.data as unknown as Workflow;

  const params = resolveParams({ workflow, set, report });
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
  checkTransitions(workflow, report);
  checkLoops(workflow, report);
  checkExpressions({ workflow, plugins, report });
  checkPluginInputs({ workflow, plugins, report });
  checkGrid(workflow, report);
  const { fanOuts, problems } = resolveFanOuts(workflow, params);
  for (const { state, message } of problems) report('schema', message, ['states', state, 'for_each']);

  const sorted = sortDiagnostics(diagnostics);
  if (hasErrors(sorted)) return { diagnostics: sorted };
  const unresolved = getStates(workflow).filter(([name, state]) => state.parallel === undefined && !plugins.has(name));
  if (unresolved.length) throw new Error(`bug: no plugin chosen for states ${unresolved.map(([name]) => name).join(', ')} and no diagnostic says why`);
  return { loaded: { file: path, workflow, params, plugins, text, fanOuts }, diagnostics: sorted };
}

/**
 * A broken manifest is an error when this workflow uses a step of that name (or a folder named like it);
 * a broken plugin the workflow never touches is only a warning, so one bad plugin cannot block every workflow.
 */
function getRelevantManifestDiagnostics(diagnostics: Diagnostic[], workflow: Workflow): Diagnostic[] {
  const used = new Set(getStates(workflow).map(([, state]) => state.step));
  return diagnostics.map((d) => (used.has(basename(dirname(d.file))) ? d : { ...d, severity: 'warning' as const }));
}
