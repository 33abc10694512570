import type { JsonPath, YamlSource } from './yaml-source.js';
import type { Diagnostic, DiagnosticCode } from './diagnostic.js';

export interface ReportOptions {
  /** Point at the key rather than its value (unknown keys, whole states). */
  key?: boolean;
  /** Character offset inside a string value (expression errors). */
  offsetInValue?: number;
  severity?: Diagnostic['severity'];
}

export type Report = (code: DiagnosticCode, message: string, path: JsonPath, options?: ReportOptions) => void;

/** A collector that positions each problem through the source's line map (missing nodes → nearest parent). */
export function createReporter(source: YamlSource): { report: Report; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const report: Report = (code, message, path, options = {}) => {
    const { line, col } = source.positionOf(path, { closest: true, key: options.key, offsetInValue: options.offsetInValue });
    diagnostics.push({ code, message, file: source.file, line, col, path, severity: options.severity ?? 'error' });
  };
  return { report, diagnostics };
}
