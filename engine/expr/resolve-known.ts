import { compileExpression } from './compile-expression.js';
import { resolveTemplate } from './evaluate.js';
import { scanTemplate } from './scan-template.js';
import type { ExprScope } from './scope.js';

/**
 * Resolves what can be known before a run (expressions reading only `roots`, e.g. params) and leaves
 * the other strings as written; `pending` counts the strings left for run time.
 */
export function resolveKnown(value: unknown, scope: ExprScope, roots: readonly string[] = ['params']): { value: unknown; pending: number } {
  let pending = 0;
  const visit = (item: unknown): unknown => {
    if (typeof item === 'string') {
      if (!isKnowable(item, roots)) {
        if (item.includes('${{')) pending += 1;
        return item;
      }
      return resolveTemplate(item, scope);
    }
    if (Array.isArray(item)) return item.map(visit);
    if (item && typeof item === 'object') return Object.fromEntries(Object.entries(item).map(([key, inner]) => [key, visit(inner)]));
    return item;
  };
  return { value: visit(value), pending };
}

function isKnowable(text: string, roots: readonly string[]): boolean {
  const { parts, unterminatedAt } = scanTemplate(text);
  if (unterminatedAt !== undefined) return false;
  return parts.every((part) => {
    if (part.kind === 'text') return true;
    const compiled = compileExpression(part.expr);
    return compiled.ok && compiled.references.every((reference) => roots.includes(String(reference.path[0])));
  });
}
