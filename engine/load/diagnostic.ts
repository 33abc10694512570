import { isAbsolute, relative, resolve } from 'node:path';

/** Every kind of problem `validate` reports; tests and tools match on these codes. */
export type DiagnosticCode =
  | 'yaml-syntax'
  | 'duplicate-key'
  | 'schema'
  | 'unknown-target'
  | 'unreachable-state'
  | 'unknown-plugin'
  | 'plugin-input'
  | 'unknown-output'
  | 'unknown-reference'
  | 'expression-syntax'
  | 'unbounded-loop'
  | 'missing-default'
  | 'bad-param'
  | 'plugin-manifest'
  | 'grid'
  | 'bad-var'
  | 'failed-check'
  | 'bad-fan-out'
  | 'bad-parallel'
  | 'bad-report'
  | 'extends'
  | 'template';

export interface Diagnostic {
  code: DiagnosticCode;
  message: string;
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  col: number;
  /** Path of the offending node in the document (keys and indices). */
  path: (string | number)[];
  severity: 'error' | 'warning';
}

/** `file:line:col severity code: message`, the shape editors and CI annotators parse; always one line. */
export function formatDiagnostic(d: Diagnostic): string {
  return escapeControlCharacters(`${d.file}:${d.line}:${d.col} ${d.severity} ${d.code}: ${d.message}`).replaceAll('\n', '\\n');
}

/** Control characters, DEL, C1 and the Unicode line separators, which could split a line or rewrite the terminal. */
const UNSAFE_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * Writes input echoed in a message the way JSON would (`\r`, `\u0000`, `\u2028`), so what a user typed can neither
 * split a message nor move the cursor. Newlines and tabs stay: messages use them.
 */
export function escapeControlCharacters(text: string): string {
  return text.replace(UNSAFE_CHARACTERS, (char) => NAMED_ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const NAMED_ESCAPES: Record<string, string> = { '\b': '\\b', '\f': '\\f', '\r': '\\r' };

/** Orders by file, then position, then code, and drops exact duplicates. */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return [...diagnostics]
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col || a.code.localeCompare(b.code))
    .filter((d) => {
      const key = formatDiagnostic(d);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

export function hasErrors(diagnostics: Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Diagnostics as printed by the CLI: files shown relative to `cwd` when inside it. */
export function formatDiagnostics(diagnostics: Diagnostic[], options: { cwd: string }): string[] {
  return sortDiagnostics(diagnostics).map((d) => formatDiagnostic({ ...d, file: getDisplayPath(d.file, options.cwd) }));
}

function getDisplayPath(file: string, cwd: string): string {
  const absolute = isAbsolute(file) ? file : resolve(cwd, file);
  const shown = relative(cwd, absolute);
  return shown.startsWith('..') || isAbsolute(shown) ? absolute : shown;
}
