import type { Cell, CompareTable } from './compare-trials.js';

function formatCell(cell: Cell): string {
  if (cell === null) return '-';
  if (typeof cell === 'number' && !Number.isInteger(cell)) return String(Number(cell.toPrecision(6)));
  return String(cell);
}

/**
 * An aligned plain-text table; numbers right-aligned. With `maxWidth`, columns after the table's `fixed`
 * ones are kept, in order, only while the line still fits.
 */
export function formatCompareText(table: CompareTable, options: { maxWidth?: number } = {}): string {
  const allCells = table.rows.map((row) => row.map(formatCell));
  const allWidths = table.columns.map((name, c) => Math.max(name.length, ...allCells.map((row) => row[c]!.length)));
  const kept: number[] = [];
  let width = -2;
  for (const [c, w] of allWidths.entries()) {
    const fits = options.maxWidth === undefined || table.fixed === undefined || c < table.fixed || width + 2 + w <= options.maxWidth;
    if (!fits) continue;
    kept.push(c);
    width += 2 + w;
  }
  const left = table.columns.length - kept.length;
  const widths = kept.map((c) => allWidths[c]!);
  const pad = (text: string, k: number, right: boolean) => (right ? text.padStart(widths[k]!) : text.padEnd(widths[k]!));
  const lines = [
    kept.map((c, k) => pad(table.columns[c]!, k, false)).join('  '),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...allCells.map((row, r) => kept.map((c, k) => pad(row[c]!, k, typeof table.rows[r]![c] === 'number')).join('  ')),
  ];
  const footer = table.sortedBy ? `sorted by ${table.sortedBy} (${table.goal === 'maximize' ? 'highest' : 'lowest'} first)` : 'no metric to sort by (set grid.metric or --sort)';
  const notes = [
    ...(left ? [`${left} more columns do not fit (--columns a,b picks columns; --json and --csv have them all)`] : []),
    ...(table.hidden.length ? [`${table.hidden.length} outputs equal in every trial, or not numbers, are not shown (--all shows the metrics)`] : []),
  ];
  return [...lines.map((l) => l.trimEnd()), '', footer, ...notes].join('\n') + '\n';
}

function quoteCsv(cell: Cell): string {
  if (cell === null) return '';
  const text = String(cell);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 CSV with a header row; missing values are empty fields. */
export function formatCompareCsv(table: CompareTable): string {
  return [table.columns, ...table.rows].map((row) => row.map(quoteCsv).join(',')).join('\r\n') + '\r\n';
}

/** `{sorted_by, goal, trials: [{column: value}]}`, rows in rank order. */
export function formatCompareJson(table: CompareTable): string {
  const trials = table.rows.map((row) => Object.fromEntries(table.columns.map((name, c) => [name, row[c]])));
  return JSON.stringify({ sorted_by: table.sortedBy ?? null, goal: table.goal, trials }, null, 2) + '\n';
}
