import { compileExpression } from '../expr/compile-expression.js';
import { resolveTemplate } from '../expr/evaluate.js';
import { scanTemplate } from '../expr/scan-template.js';
import type { ParamValue } from './resolve-params.js';

/**
 * Evaluates a `${{ }}` value that is known before the run (`for_each`, `checks`, grid matrix values).
 * Undefined when it is no expression or reads anything but params that have a value: the schema, checkExpressions
 * and resolveParams report why.
 */
export function evaluateParamsExpression(text: string, params: Record<string, ParamValue>): { value: unknown } | { error: string } | undefined {
  const { parts, unterminatedAt } = scanTemplate(text);
  // Plain text where a list or an expression belongs is a schema error already.
  if (unterminatedAt !== undefined || !parts.some((part) => part.kind === 'expr')) return undefined;
  for (const part of parts) {
    if (part.kind !== 'expr') continue;
    const compiled = compileExpression(part.expr);
    if (!compiled.ok) return undefined;
    const isKnown = compiled.references.every(({ path: [root, name] }) => root === 'params' && (name === undefined || Object.hasOwn(params, String(name))));
    if (!isKnown) return undefined;
  }
  try {
    return { value: resolveTemplate(text, { params, states: {}, loop: { index: 0 }, run: { id: '', dir: '' } }) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** The params a value's `${{ }}` pieces read (those that compile). */
export function getParamReads(text: string): string[] {
  return scanTemplate(text).parts.flatMap((part) => {
    const compiled = part.kind === 'expr' ? compileExpression(part.expr) : undefined;
    if (!compiled?.ok) return [];
    return compiled.references.flatMap(({ path: [root, name] }) => (root === 'params' && name !== undefined ? [String(name)] : []));
  });
}
