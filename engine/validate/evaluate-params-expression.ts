import { compileExpression } from '../expr/compile-expression.js';
import { resolveKnown } from '../expr/resolve-known.js';
import { scanTemplate } from '../expr/scan-template.js';
import type { ParamValue } from './resolve-params.js';

/**
 * Evaluates a `${{ }}` value that is known before the run (`for_each`, `checks`, grid matrix values).
 * Undefined when it is no expression or reads anything but params that have a value: the schema, checkExpressions
 * and resolveParams report why.
 */
export function evaluateParamsExpression(text: string, params: Record<string, ParamValue>): { value: unknown } | { error: string } | undefined {
  // Plain text where a list or an expression belongs is a schema error already.
  if (!scanTemplate(text).parts.some((part) => part.kind === 'expr')) return undefined;
  // A param that is not declared would read as undefined: checkExpressions reports it.
  if (getParamReads(text).some((name) => !Object.hasOwn(params, name))) return undefined;
  try {
    const known = resolveKnown(text, { params, states: {}, loop: { index: 0 }, run: { id: '', dir: '' } });
    return known.pending ? undefined : { value: known.value };
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
