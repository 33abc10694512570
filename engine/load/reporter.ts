import type { JsonPath } from './yaml-source.js';
import type { Diagnostic, DiagnosticCode } from './diagnostic.js';
import { addNote, type Locate } from './locate.js';

export interface ReportOptions {
  /** Point at the key rather than its value (unknown keys, whole states). */
  key?: boolean;
  /** Character offset inside a string value (expression errors). */
  offsetInValue?: number;
  severity?: Diagnostic['severity'];
}

export type Report = (code: DiagnosticCode, message: string, path: JsonPath, options?: ReportOptions) => void;

/**
 * A collector that positions each problem where its text is written (missing nodes → nearest parent): in the
 * file itself, or, for a merged workflow, in the base file or template the node came from.
 */
export function createReporter(locate: Locate): { report: Report; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const report: Report = (code, message, path, options = {}) => {
    const location = locate(path, { closest: true, key: options.key, offsetInValue: options.offsetInValue });
    diagnostics.push({ code, message: addNote(message, location), file: location.file, line: location.line, col: location.col, path, severity: options.severity ?? 'error' });
  };
  return { report, diagnostics };
}
