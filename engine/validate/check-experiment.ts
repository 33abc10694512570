import type { Workflow } from '../../schemas/workflow-types.js';
import type { JsonPath } from '../load/yaml-source.js';
import type { Report } from '../load/reporter.js';
import { getClosest } from '../load/get-closest.js';
import { getStateEntries } from './workflow-view.js';
import { isRecord } from '../store/read-json.js';

const PATH = ['report', 'experiment'];

/**
 * report.experiment compares trials of a grid, so what it names must exist there: `method` and `seed` are params
 * that grid.matrix varies, control/treatment/reference are values of the method axis, and every `state.output`
 * ref (metric, length_baseline, loops) names a state of the workflow; otherwise the comparison would come out
 * empty after the whole grid has run. Shape errors are the schema's; this skips what is not well-shaped.
 */
export function checkExperiment(workflow: Workflow, report: Report): void {
  const experiment = isRecord(workflow.report) ? (workflow.report.experiment as unknown) : undefined;
  if (!isRecord(experiment)) return;
  const matrix = isRecord(workflow.grid) && isRecord(workflow.grid.matrix) ? (workflow.grid.matrix as Record<string, unknown>) : {};
  const axes = Object.fromEntries(Object.entries(matrix).filter(([key]) => key !== 'include' && key !== 'exclude'));
  const declared = Object.keys(isRecord(workflow.params) ? workflow.params : {});
  const varied = Object.keys(axes);
  for (const key of ['method', 'seed']) {
    const param = experiment[key];
    if (typeof param !== 'string') continue;
    if (!declared.includes(param)) {
      report('bad-report', `report.experiment.${key}: '${param}' is not a declared param${getClosest(param, declared)} (declared: ${declared.join(', ') || 'none'})`, [...PATH, key]);
    } else if (!varied.includes(param)) {
      report('bad-report', `report.experiment.${key}: grid.matrix does not vary param '${param}' (it varies: ${varied.join(', ') || 'nothing'}); the experiment compares trials by their ${key}`, [...PATH, key]);
    }
  }
  const method = experiment.method;
  if (typeof method === 'string' && Array.isArray(axes[method])) checkMethodValues(experiment, method, getAxisValues(axes[method] as unknown[], matrix.include, method), report);
  checkRefs(experiment, workflow, report);
}

/** The values a grid gives the method param: its axis plus what `include` entries set it to. */
function getAxisValues(axis: unknown[], include: unknown, method: string): unknown[] {
  const added = Array.isArray(include) ? include.filter(isRecord).filter((entry) => method in entry).map((entry) => entry[method]) : [];
  return [...new Set([...axis, ...added])];
}

function checkMethodValues(experiment: Record<string, unknown>, method: string, values: unknown[], report: Report): void {
  const show = (value: unknown) => (typeof value === 'string' ? `'${value}'` : String(value));
  for (const key of ['control', 'treatment', 'reference']) {
    const value = experiment[key];
    if (value === undefined || values.includes(value)) continue;
    report(
      'bad-report',
      `report.experiment.${key}: ${show(value)} is not a value grid.matrix gives param '${method}' (it gives: ${values.map(show).join(', ')})`,
      [...PATH, key],
    );
  }
}

function checkRefs(experiment: Record<string, unknown>, workflow: Workflow, report: Report): void {
  const entries = getStateEntries(workflow);
  const names = entries.map((entry) => entry.name);
  const fanOuts = new Set(entries.filter((entry) => entry.state.for_each !== undefined).map((entry) => entry.name));
  const refs: [ref: unknown, path: JsonPath, key: string][] = [];
  const metric = experiment.metric;
  if (Array.isArray(metric)) metric.forEach((ref, i) => refs.push([ref, [...PATH, 'metric', i], `metric[${i}]`]));
  else refs.push([metric, [...PATH, 'metric'], 'metric']);
  refs.push([experiment.length_baseline, [...PATH, 'length_baseline'], 'length_baseline']);
  if (isRecord(experiment.loops)) for (const [label, ref] of Object.entries(experiment.loops)) refs.push([ref, [...PATH, 'loops', label], `loops.${label}`]);
  for (const [ref, path, key] of refs) {
    // `state.output` or `state[k].output`; anything else is a schema (pattern) error already.
    if (typeof ref !== 'string') continue;
    const match = /^([A-Za-z][A-Za-z0-9_-]*)(\[\d+\])?\./.exec(ref);
    if (!match) continue;
    const [, state, member] = match;
    const where = `report.experiment.${key}`;
    if (!names.includes(state)) {
      report('bad-report', `${where}: '${ref}' reads state '${state}', which is not a state${getClosest(state, names)} (states: ${names.join(', ')})`, path);
    } else if (member && !fanOuts.has(state)) {
      report('bad-report', `${where}: '${ref}' reads member ${state}${member}, but '${state}' has no for_each; write '${state}.${ref.slice(match[0].length)}'`, path);
    }
  }
}
