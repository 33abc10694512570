import type { Scalar, TrialsFile } from './trials-file.js';

export type Cell = Scalar | null;

export interface CompareTable {
  columns: string[];
  rows: Cell[][];
  /** The `state.output` column the rows are ranked by, if any. */
  sortedBy?: string;
  goal: 'maximize' | 'minimize';
  /** Metric columns left out because every trial has the same value (with `onlyVarying`). */
  hidden: string[];
}

export interface CompareOptions {
  file: TrialsFile;
  /** `state.output` to rank by; default: the grid's metric. */
  sort?: string;
  goal?: 'maximize' | 'minimize';
  /** Leave out metrics equal in every trial (the ranking metric always stays): what a reader compares. */
  onlyVarying?: boolean;
}

/** Every numeric or boolean output of every finished state, as `state.output` → value. */
function getFinalMetrics(states: NonNullable<TrialsFile['trials'][number]['states']>): Record<string, Scalar> {
  const metrics: Record<string, Scalar> = {};
  for (const [state, { outputs }] of Object.entries(states)) {
    for (const [name, value] of Object.entries(outputs ?? {})) {
      if (typeof value === 'number' || typeof value === 'boolean') metrics[`${state}.${name}`] = value;
    }
  }
  return metrics;
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
  const perTrial = file.trials.map((t) => getFinalMetrics(t.states ?? {}));
  const metricNames = [...new Set(perTrial.flatMap((m) => Object.keys(m)))].sort();
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
  const hidden = options.onlyVarying && file.trials.length > 1 ? metricNames.filter((m) => m !== sortedBy && isConstant(m)) : [];
  const shown = metricNames.filter((m) => !hidden.includes(m));
  // The ranking metric comes first so the eye finds it.
  const metricColumns = sortedBy !== undefined && shown.includes(sortedBy) ? [sortedBy, ...shown.filter((m) => m !== sortedBy)] : shown;
  const columns = ['rank', 'trial', 'status', ...paramNames, ...metricColumns];
  const rows = order.map((i, rank): Cell[] => {
    const trial = file.trials[i]!;
    return [rank + 1, trial.index, trial.status, ...paramNames.map((p) => trial.matrix[p] ?? null), ...metricColumns.map((m) => perTrial[i]![m] ?? null)];
  });
  return { columns, rows, ...(sortedBy !== undefined ? { sortedBy } : {}), goal, hidden };
}
