import { relative, resolve } from 'node:path';
import type { State } from '../../schemas/generated/workflow.js';
import { formatCacheDecisions, getCacheDecisions } from './plan-cache.js';
import { formatArgv, getCommandArgv } from '../execute/resolve-command.js';
import { expandMatrix } from '../validate/expand-matrix.js';
import { resolveKnown } from '../expr/resolve-known.js';
import type { LoadedPlugin } from '../plugins/loaded-plugin.js';
import { formatDiagnostics, hasErrors } from '../load/diagnostic.js';
import { loadWorkflow, type LoadedWorkflow } from '../validate/load-workflow.js';
import { getEdges } from '../validate/workflow-view.js';
import { EXIT } from './exit-error.js';

export interface PlanCommandOptions {
  cwd: string;
  workflow: string;
  set?: Record<string, string>;
  /** Runs folder and cache switch: accepted for cache decisions (shown once a step cache exists). */
  runDir?: string;
  cache?: boolean;
  pluginPaths?: string[];
  print?: (line: string) => void;
}

const REQUEST_PLACEHOLDER = '<run>/steps/<state>/<visit>/attempt-<n>/request.json';

/** Dry run: what `ser-flow run` would do with these params. Validates first; spawns nothing. */
export async function planCommand(options: PlanCommandOptions): Promise<number> {
  const { cwd, workflow, set = {}, pluginPaths = [], print = (line: string) => console.log(line) } = options;
  const { loaded, diagnostics } = await loadWorkflow(resolve(cwd, workflow), { set, pluginPaths: pluginPaths.map((p) => resolve(cwd, p)) });
  for (const line of formatDiagnostics(diagnostics, { cwd })) print(line);
  if (!loaded || hasErrors(diagnostics)) return EXIT.invalidInput;
  for (const line of formatPlan(loaded, { cwd, set })) print(line);
  for (const line of formatCacheDecisions(await getCacheDecisions({ loaded, cwd, runsDir: options.runDir ?? 'runs', cache: options.cache ?? true }))) print(line);
  return EXIT.ok;
}

/** The plan as text lines: params, then each state (plugin, argv, inputs, transitions), then grid trials. */
export function formatPlan(loaded: LoadedWorkflow, options: { cwd: string; set?: Record<string, string> }): string[] {
  const { workflow, params, plugins } = loaded;
  const lines = [`plan: ${workflow.name} (${relative(options.cwd, loaded.file) || loaded.file}); nothing is run`];
  lines.push('params:');
  const declared = workflow.params ?? {};
  if (Object.keys(declared).length === 0) lines.push('  (none)');
  for (const [name, param] of Object.entries(declared)) {
    const origin = options.set && name in options.set ? '--set' : 'default';
    lines.push(`  ${name} = ${JSON.stringify(params[name])}  (${param.type}, ${origin})`);
  }
  lines.push(`start: ${workflow.start}`);
  for (const [name, state] of Object.entries(workflow.states)) {
    lines.push(...formatState(name, state, plugins.get(name) as LoadedPlugin, loaded));
  }
  if (workflow.grid) {
    const trials = expandMatrix(workflow.grid);
    lines.push(`grid: ${trials.length} trial${trials.length === 1 ? '' : 's'}${workflow.grid.max_parallel ? `, at most ${workflow.grid.max_parallel} at a time` : ''}`);
    trials.forEach((trial, i) => lines.push(`  #${i + 1} ${Object.entries(trial).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ')}`));
  }
  return lines;
}

function formatState(name: string, state: State, plugin: LoadedPlugin, loaded: LoadedWorkflow): string[] {
  const { manifest } = plugin;
  const lines = [`state ${name}: ${manifest.name} ${manifest.version}${manifest.implementation ? ` (${manifest.implementation})` : ''}  [${plugin.dir}]`];
  lines.push(`  argv: ${formatArgv(getCommandArgv(plugin, REQUEST_PLACEHOLDER))}`);
  const scope = { params: loaded.params, states: {}, loop: { index: 0 }, run: { id: '<run-id>', dir: '<run-dir>' } };
  const entries = Object.entries((state.with ?? {}) as Record<string, unknown>);
  if (entries.length) lines.push('  with:');
  for (const [key, raw] of entries) {
    const { value, pending } = resolveKnown(raw, scope);
    lines.push(`    ${key}: ${JSON.stringify(value)}${pending ? '  (resolved at run time)' : ''}`);
  }
  for (const edge of getEdges(name, state)) {
    if (edge.kind === 'branch') lines.push(`  next: if ${edge.label} → ${edge.to}`);
    if (edge.kind === 'default') lines.push(`  next: otherwise → ${edge.to}`);
    if (edge.kind === 'next') lines.push(`  next: → ${edge.to}`);
    if (edge.kind === 'error') lines.push(`  on_error: → ${edge.to}`);
  }
  const defaults = loaded.workflow.defaults ?? {};
  if (state.max_visits !== undefined) lines.push(`  max_visits: ${state.max_visits}, then → ${state.on_exhausted ?? 'failed'}`);
  const retry = state.retry ?? defaults.retry;
  if (retry?.max_attempts) lines.push(`  retry: up to ${retry.max_attempts} attempts`);
  const timeout = state.timeout ?? defaults.timeout;
  if (timeout !== undefined) lines.push(`  timeout: ${timeout}`);
  const gpus = state.resources?.gpus ?? defaults.resources?.gpus ?? manifest.resources?.gpus;
  if (gpus) lines.push(`  gpus: ${gpus}`);
  const executor = state.executor ?? defaults.executor;
  if (executor && executor !== 'local') lines.push(`  executor: ${executor}`);
  return lines;
}
