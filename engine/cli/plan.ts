import { relative, resolve } from 'node:path';
import type { State } from '../../schemas/generated/workflow.js';
import { formatCacheDecisions, getCacheDecisions } from './plan-cache.js';
import { formatArgv, getCommandArgv } from '../execute/resolve-command.js';
import { expandMatrix } from '../validate/expand-matrix.js';
import { resolveKnown } from '../expr/resolve-known.js';
import type { LoadedPlugin } from '../plugins/loaded-plugin.js';
import { formatDiagnostics, hasErrors } from '../load/diagnostic.js';
import { loadWorkflow, type LoadedWorkflow } from '../validate/load-workflow.js';
import { getBranches, getEdges, getMemberId, isForEach } from '../validate/workflow-view.js';
import type { ExprScope } from '../expr/scope.js';
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
  for (const line of formatPlan(loaded, { cwd, set, fanOuts: loaded.fanOuts })) print(line);
  for (const line of formatCacheDecisions(await getCacheDecisions({ loaded, cwd, runsDir: options.runDir ?? 'runs', cache: options.cache ?? true }))) print(line);
  return EXIT.ok;
}

/**
 * The plan as text lines: params, then each state (plugin, argv, inputs, transitions), then grid trials. A
 * parallel state lists its branches' states indented under it, a for_each state its members with their inputs;
 * `fanOuts` holds each for_each state's resolved list (without it, a fan-out shows as one state).
 */
export function formatPlan(loaded: LoadedWorkflow, options: { cwd: string; set?: Record<string, string>; fanOuts?: Record<string, unknown[]> }): string[] {
  const { workflow, params } = loaded;
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
    lines.push(...formatTopState(name, state, loaded, options.fanOuts?.[name]));
  }
  if (workflow.grid) {
    const trials = expandMatrix(workflow.grid);
    lines.push(`grid: ${trials.length} trial${trials.length === 1 ? '' : 's'}${workflow.grid.max_parallel ? `, at most ${workflow.grid.max_parallel} at a time` : ''}`);
    trials.forEach((trial, i) => lines.push(`  #${i + 1} ${Object.entries(trial).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ')}`));
  }
  return lines;
}

function formatTopState(name: string, state: State, loaded: LoadedWorkflow, members: unknown[] | undefined): string[] {
  const branches = getBranches(state);
  const failFast = state.fail_fast === false ? 'a failed branch lets the others finish' : 'a failed branch cancels the others';
  if (branches.length > 0) {
    const lines = [`state ${name}: parallel, ${branches.length} branches at once; ${failFast}`];
    for (const [branch, body] of branches) {
      lines.push(`  branch ${branch}: start ${body.start}`);
      for (const [inner, innerState] of Object.entries(body.states ?? {})) {
        lines.push(...indent(formatStepState(inner, innerState as State, loaded, { inBranch: true }), '    '));
      }
    }
    return [...lines, ...formatTransitions(name, state, loaded)];
  }
  if (!isForEach(state)) return formatStepState(name, state, loaded);
  if (!members) return formatStepState(name, state, loaded, { title: 'for each item (one member per item)' });
  const raw = Object.entries((state.with ?? {}) as Record<string, unknown>);
  const memberLines = members.flatMap((item, k) => [
    `    ${getMemberId(name, k)}: item = ${JSON.stringify(item)}`,
    ...raw.map(([key, value]) => formatInput(key, value, { ...getPlanScope(loaded), item, item_index: k }, ['params', 'item', 'item_index'], '      ')),
  ]);
  return formatStepState(name, state, loaded, { title: `for each of ${members.length} members, at once`, inputs: ['  members:', ...memberLines] });
}

/** `inputs`: lines shown instead of the `with:` section (a fan-out's members). */
function formatStepState(name: string, state: State, loaded: LoadedWorkflow, options: { title?: string; inputs?: string[]; inBranch?: boolean } = {}): string[] {
  const plugin = loaded.plugins.get(name) as LoadedPlugin | undefined;
  const manifest = plugin?.manifest;
  const what = manifest ? `${manifest.name} ${manifest.version}${manifest.implementation ? ` (${manifest.implementation})` : ''}` : (state.step ?? '?');
  const lines = [`state ${name}: ${what}${options.title ? `, ${options.title}` : ''}${plugin ? `  [${plugin.dir}]` : ''}`];
  if (plugin) lines.push(`  argv: ${formatArgv(getCommandArgv(plugin, REQUEST_PLACEHOLDER))}`);
  const entries = Object.entries((state.with ?? {}) as Record<string, unknown>);
  if (options.inputs) lines.push(...options.inputs);
  else if (entries.length) {
    lines.push('  with:');
    for (const [key, raw] of entries) lines.push(formatInput(key, raw, getPlanScope(loaded), ['params'], '    '));
  }
  return [...lines, ...formatTransitions(name, state, loaded, options.inBranch)];
}

function getPlanScope(loaded: LoadedWorkflow): ExprScope {
  return { params: loaded.params, states: {}, loop: { index: 0 }, run: { id: '<run-id>', dir: '<run-dir>' } };
}

function formatInput(key: string, raw: unknown, scope: ExprScope, roots: string[], prefix: string): string {
  const { value, pending } = resolveKnown(raw, scope, roots);
  return `${prefix}${key}: ${JSON.stringify(value)}${pending ? '  (resolved at run time)' : ''}`;
}

function formatTransitions(name: string, state: State, loaded: LoadedWorkflow, inBranch = false): string[] {
  const lines: string[] = [];
  // Inside a branch, `done` ends the branch, `failed` fails the whole parallel state.
  const to = (target: string) => (inBranch && target === 'done' ? 'done (ends the branch)' : inBranch && target === 'failed' ? 'failed (fails the parallel state)' : target);
  for (const edge of getEdges(name, state)) {
    if (edge.kind === 'branch') lines.push(`  next: if ${edge.label} → ${to(edge.to)}`);
    if (edge.kind === 'default') lines.push(`  next: otherwise → ${to(edge.to)}`);
    if (edge.kind === 'next') lines.push(`  next: → ${to(edge.to)}`);
    if (edge.kind === 'error') lines.push(`  on_error: → ${to(edge.to)}`);
  }
  const defaults = loaded.workflow.defaults ?? {};
  if (state.max_visits !== undefined) lines.push(`  max_visits: ${state.max_visits}, then → ${state.on_exhausted ?? 'failed'}`);
  if (getBranches(state).length > 0) return lines;
  const retry = state.retry ?? defaults.retry;
  if (retry?.max_attempts) lines.push(`  retry: up to ${retry.max_attempts} attempts`);
  const timeout = state.timeout ?? defaults.timeout;
  if (timeout !== undefined) lines.push(`  timeout: ${timeout}`);
  const manifest = (loaded.plugins.get(name) as LoadedPlugin | undefined)?.manifest;
  const gpus = state.resources?.gpus ?? defaults.resources?.gpus ?? manifest?.resources?.gpus;
  if (gpus) lines.push(`  gpus: ${gpus}`);
  const executor = state.executor ?? defaults.executor;
  if (executor && executor !== 'local') lines.push(`  executor: ${executor}`);
  return lines;
}

function indent(lines: string[], prefix: string): string[] {
  return lines.map((line) => prefix + line);
}
