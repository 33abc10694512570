/** A piece of a templated string: literal text, or one `${{ expr }}`. */
export type TemplatePart =
  | { kind: 'text'; text: string }
  | {
      kind: 'expr';
      /** The expression inside the braces, trimmed. */
      expr: string;
      /** Index of `${{` in the string. */
      offset: number;
      /** Index of the expression's first character in the string. */
      exprOffset: number;
    };

export interface ScannedTemplate {
  parts: TemplatePart[];
  /** Index of a `${{` that is never closed, if any. */
  unterminatedAt?: number;
}

const OPEN = '${{';
const CLOSE = '}}';

/** Splits a string into literal text and `${{ }}` pieces (the first `}}` closes an expression). */
export function scanTemplate(text: string): ScannedTemplate {
  const parts: TemplatePart[] = [];
  let cursor = 0;
  for (;;) {
    const open = text.indexOf(OPEN, cursor);
    if (open < 0) break;
    const close = text.indexOf(CLOSE, open + OPEN.length);
    if (close < 0) {
      if (open > cursor) parts.push({ kind: 'text', text: text.slice(cursor, open) });
      return { parts, unterminatedAt: open };
    }
    if (open > cursor) parts.push({ kind: 'text', text: text.slice(cursor, open) });
    const inner = text.slice(open + OPEN.length, close);
    const lead = inner.length - inner.trimStart().length;
    parts.push({ kind: 'expr', expr: inner.trim(), offset: open, exprOffset: open + OPEN.length + lead });
    cursor = close + CLOSE.length;
  }
  if (cursor < text.length) parts.push({ kind: 'text', text: text.slice(cursor) });
  return { parts };
}

/** The `${{ }}` pieces of a string, in order; `offset` is the index of `${{`, `expr` the trimmed text inside. */
export function parseExpressions(text: string): { expr: string; offset: number }[] {
  return scanTemplate(text).parts.flatMap((part) => (part.kind === 'expr' ? [{ expr: part.expr, offset: part.offset }] : []));
}

/** True when the whole string (ignoring surrounding spaces) is one `${{ expr }}`: it then yields a typed value. */
export function getSoleExpression(text: string): string | undefined {
  const { parts, unterminatedAt } = scanTemplate(text.trim());
  if (unterminatedAt !== undefined || parts.length !== 1 || parts[0].kind !== 'expr') return undefined;
  return parts[0].expr;
}

export function hasExpression(value: unknown): boolean {
  if (typeof value === 'string') return value.includes(OPEN);
  if (Array.isArray(value)) return value.some(hasExpression);
  if (value && typeof value === 'object') return Object.values(value).some(hasExpression);
  return false;
}
