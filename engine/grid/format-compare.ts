import type { Cell, CompareTable } from './compare-trials.js';

function formatCell(cell: Cell): string {
  if (cell === null) return '-';
  if (typeof cell === 'number' && !Number.isInteger(cell)) return String(Number(cell.toPrecision(6)));
  return String(cell);
}

/** An aligned plain-text table; numbers right-aligned. */
export function formatCompareText(table: CompareTable): string {
  const cells = table.rows.map((row) => row.map(formatCell));
  const widths = table.columns.map((name, c) => Math.max(name.length, ...cells.map((row) => row[c]!.length)));
  const pad = (text: string, c: number, right: boolean) => (right ? text.padStart(widths[c]!) : text.padEnd(widths[c]!));
  const lines = [
    table.columns.map((name, c) => pad(name, c, false)).join('  '),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.map((row, r) => row.map((text, c) => pad(text, c, typeof table.rows[r]![c] === 'number')).join('  ')),
  ];
  const footer = table.sortedBy ? `sorted by ${table.sortedBy} (${table.goal === 'maximize' ? 'highest' : 'lowest'} first)` : 'no metric to sort by (set grid.metric or --sort)';
  const hidden = table.hidden.length ? [`${table.hidden.length} metrics equal in every trial are not shown (--all shows them)`] : [];
  return [...lines.map((l) => l.trimEnd()), '', footer, ...hidden].join('\n') + '\n';
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
