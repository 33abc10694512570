// The experiment as one terminal table: per method, paired differences, gap closed, per loop, length baseline.
import { formatGapClosed } from '../stats/gap-closed.js';
import type { MeanSd } from '../stats/mean-sd.js';
import type { ExperimentData, PairedSummary } from './collect-experiment.js';

const DIGITS = 4;

function formatSigned(x: number): string {
  return Number.isNaN(x) ? 'n/a' : (x >= 0 ? '+' : '') + x.toFixed(DIGITS);
}

function formatPlain(x: number, digits = DIGITS): string {
  return Number.isNaN(x) ? 'n/a' : x.toFixed(digits);
}

/** Counts (admitted pairs) read as counts; shares and accuracies with 4 decimals. */
function formatLoopCell(cell: MeanSd | undefined): string {
  if (!cell) return '-';
  const digits = Number.isInteger(cell.mean) && Number.isInteger(cell.sd) ? 0 : Math.abs(cell.mean) >= 10 ? 1 : DIGITS;
  return `${formatPlain(cell.mean, digits)} ± ${formatPlain(cell.sd, digits)}`;
}

/** Left-aligned first column, the rest right-aligned, two spaces apart, indented by two. */
export function formatAligned(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length)));
  return rows.map((row) => '  ' + row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd());
}

function getPairedRow(d: PairedSummary, control: string): string[] {
  const { stats } = d;
  const interval = `[${formatSigned(stats.ci.low)}, ${formatSigned(stats.ci.high)}]`;
  return [`${d.method} − ${control}`, String(stats.n), formatSigned(stats.mean), formatPlain(stats.se), interval, `${stats.wins}/${stats.ties}/${stats.losses}`];
}

/** One block of the experiment table; the terminal aligns its rows, the report draws them as an HTML table. */
export interface ExperimentTable {
  title: string;
  header: string[];
  rows: string[][];
  /** Lines after the rows. */
  notes: string[];
}

/** The experiment's blocks: per method, paired differences (and the gap closed), per loop; cells as text. */
export function getExperimentTables(data: ExperimentData): ExperimentTable[] {
  const methodRows = data.methods.map((m) => [m.method, String(m.accuracy.n), `${formatPlain(m.accuracy.mean)} ± ${formatPlain(m.accuracy.sd)}`, m.missing ? `${m.missing} left out (not done, or no accuracy)` : '']);
  if (data.lengthBaseline) {
    const { accuracy } = data.lengthBaseline;
    methodRows.push(['length only (longer answer wins)', String(accuracy.n), `${formatPlain(accuracy.mean)} ± ${formatPlain(accuracy.sd)}`, '']);
  }
  // A fourth column only when some method has trials left out.
  const width = methodRows.some((row) => row[3]) ? 4 : 3;
  const tables: ExperimentTable[] = [
    {
      title: `experiment: ${data.methodParam} × ${data.seedParam} (${data.seeds.length} seeds: ${data.seeds.join(', ')}); accuracy = ${data.metric.join(' or ')}`,
      header: ['method', 'n', 'accuracy (mean ± sd)', ''].slice(0, width),
      rows: methodRows.map((row) => row.slice(0, width)),
      notes: [],
    },
  ];
  const paired = [data.treatmentDiff, data.referenceDiff].filter((d): d is PairedSummary => d !== undefined);
  const gap =
    data.gap && data.reference !== undefined
      ? [`share of the ${data.control} → ${data.reference} gap closed by ${data.treatment}: ${formatGapClosed(data.gap, { reference: data.reference, control: data.control })}`]
      : [];
  tables.push({
    title: paired.length
      ? `paired over ${data.seedParam} (t-interval with n − 1 degrees of freedom; wins/ties/losses over seeds):`
      : `no ${data.seedParam} has both ${data.control} and ${data.treatment} accuracies: nothing to pair`,
    header: ['difference', 'n', 'mean', 'se', '95 % CI', 'W/T/L'],
    rows: paired.map((d) => getPairedRow(d, data.control)),
    notes: gap,
  });
  if (data.loops) {
    tables.push({
      title: `per loop of ${data.treatment} (mean ± sd over seeds):`,
      header: ['loop', 'seeds', ...data.loops.columns],
      rows: data.loops.rows.map((row) => [String(row.loop), String(row.seeds), ...row.cells.map(formatLoopCell)]),
      notes: [],
    });
  }
  if (data.duplicates) {
    const trials = data.duplicates === 1 ? '1 trial repeats' : `${data.duplicates} trials repeat`;
    tables.at(-1)!.notes.push(`${trials} a ${data.methodParam} and ${data.seedParam}: only the first of each is counted`);
  }
  return tables;
}

/** The experiment table as lines of text (no trailing newline). */
export function formatExperiment(data: ExperimentData): string {
  return getExperimentTables(data)
    .map((table) => [table.title, ...(table.rows.length ? formatAligned([table.header, ...table.rows]) : []), ...table.notes].join('\n'))
    .join('\n\n');
}
