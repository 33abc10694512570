import type { Scalar, TrialsFile } from './trials-file.js';

export type Cell = Scalar | null;

export interface CompareTable {
  columns: string[];
  rows: Cell[][];
  /** The `state.output` column the rows are ranked by, if any. */
  sortedBy?: string;
  goal: 'maximize' | 'minimize';
  /** Outputs left out of the terminal view: equal in every trial, or not chosen. */
  hidden: string[];
  /**
   * The first `fixed` columns always show; the formatter may leave out later ones that do not fit its width
   * (the terminal table). Undefined: every column shows.
   */
  fixed?: number;
}

export interface CompareOptions {
  file: TrialsFile;
  /** Outputs per trial (`state` → outputs), in trial order; default: those trials.json recorded. */
  outputs?: Record<string, Record<string, unknown>>[];
  /** `state.output` to rank by; default: the grid's metric. */
  sort?: string;
  goal?: 'maximize' | 'minimize';
  /**
   * The terminal view: rank, trial, status, the params that vary, the ranking metric, then `keyOutputs`
   * (the workflow's `report.summary`) that vary, then the other varying metrics, as many as fit.
   */
  keyOutputs?: string[];
  /** Exactly these param or `state.output` columns after rank, trial and status. */
  columns?: string[];
}

/** Every scalar output of every finished state, as `state.output` → value. */
function getFinalValues(states: Record<string, Record<string, unknown>>): Record<string, Scalar> {
  const values: Record<string, Scalar> = {};
  for (const [state, outputs] of Object.entries(states)) {
    for (const [name, value] of Object.entries(outputs ?? {})) {
      if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') values[`${state}.${name}`] = value;
    }
  }
  return values;
}

function getRecordedOutputs(file: TrialsFile): Record<string, Record<string, unknown>>[] {
  return file.trials.map((t) => Object.fromEntries(Object.entries(t.states ?? {}).map(([state, { outputs }]) => [state, outputs ?? {}])));
}

/**
 * Trials × matrix params × final metrics, best first by `sort` (missing values last, ties by trial index).
 * An unknown sort column is an error that lists the columns there are.
 */
export function buildCompareTable(options: CompareOptions): CompareTable {
  const { file } = options;
  const goal = options.goal ?? file.grid.metric?.goal ?? 'maximize';
  const sortedBy = options.sort ?? file.grid.metric?.name;
  const paramNames = [...new Set(file.trials.flatMap((t) => Object.keys(t.matrix)))];
  const perTrial = (options.outputs ?? getRecordedOutputs(file)).map(getFinalValues);
  const isMetric = (name: string) => perTrial.some((values) => typeof values[name] === 'number' || typeof values[name] === 'boolean');
  const valueNames = [...new Set(perTrial.flatMap((m) => Object.keys(m)))].sort();
  const metricNames = valueNames.filter(isMetric);
  if (sortedBy !== undefined && !metricNames.includes(sortedBy) && options.sort !== undefined) {
    throw new Error(
      `--sort ${sortedBy}: no trial has a numeric output of that name; use one of: ${metricNames.join(', ') || '(no trial has finished a step yet)'}`,
    );
  }
  const order = file.trials.map((_, i) => i);
  if (sortedBy !== undefined) {
    const sign = goal === 'maximize' ? -1 : 1;
    order.sort((a, b) => {
      const va = perTrial[a]![sortedBy];
      const vb = perTrial[b]![sortedBy];
      if (typeof va !== 'number' || typeof vb !== 'number') {
        return (typeof va === 'number' ? -1 : 0) + (typeof vb === 'number' ? 1 : 0) || a - b;
      }
      return sign * (va - vb) || a - b;
    });
  }
  const isConstant = (m: string) => perTrial.every((metrics) => metrics[m] === perTrial[0]![m]);
  const getParam = (i: number, name: string): Cell => file.trials[i]!.matrix[name] ?? file.trials[i]!.params[name] ?? null;
  const makeRows = (params: string[], outputs: string[]) =>
    order.map((i, rank): Cell[] => {
      const trial = file.trials[i]!;
      return [rank + 1, trial.index, trial.status, ...params.map((p) => getParam(i, p)), ...outputs.map((m) => perTrial[i]![m] ?? null)];
    });
  const sorted = sortedBy !== undefined ? { sortedBy } : {};

  if (options.columns) {
    const params = [...new Set(file.trials.flatMap((t) => [...Object.keys(t.matrix), ...Object.keys(t.params)]))];
    const unknown = options.columns.filter((c) => !params.includes(c) && !valueNames.includes(c));
    if (unknown.length) throw new Error(`--columns ${unknown.join(', ')}: no such param or output; use params ${params.join(', ') || '(none)'} or outputs ${valueNames.join(', ') || '(none yet)'}`);
    const chosen = options.columns;
    return { columns: ['rank', 'trial', 'status', ...chosen], rows: order.map((i, rank) => [rank + 1, file.trials[i]!.index, file.trials[i]!.status, ...chosen.map((c) => (params.includes(c) ? getParam(i, c) : (perTrial[i]![c] ?? null)))]), ...sorted, goal, hidden: [] };
  }

  if (options.keyOutputs) {
    const varies = (name: string) => file.trials.length < 2 || !isConstant(name);
    const params = paramNames.filter((p) => file.trials.length < 2 || !file.trials.every((t) => t.matrix[p] === file.trials[0]!.matrix[p]));
    const ranking = sortedBy !== undefined && metricNames.includes(sortedBy) ? [sortedBy] : [];
    const key = options.keyOutputs.filter((name) => valueNames.includes(name) && varies(name) && !ranking.includes(name));
    const rest = metricNames.filter((m) => varies(m) && !ranking.includes(m) && !key.includes(m));
    const outputs = [...ranking, ...key, ...rest];
    return { columns: ['rank', 'trial', 'status', ...params, ...outputs], rows: makeRows(params, outputs), ...sorted, goal, hidden: valueNames.filter((m) => !outputs.includes(m)), fixed: 3 + params.length + ranking.length };
  }

  // The ranking metric comes first so the eye finds it.
  const metricColumns = sortedBy !== undefined && metricNames.includes(sortedBy) ? [sortedBy, ...metricNames.filter((m) => m !== sortedBy)] : metricNames;
  return { columns: ['rank', 'trial', 'status', ...paramNames, ...metricColumns], rows: makeRows(paramNames, metricColumns), ...sorted, goal, hidden: [] };
}
