import { compileExpression } from './compile-expression.js';
import { getSoleExpression, scanTemplate } from './scan-template.js';
import { ExpressionError } from './expression-error.js';
import type { ExprScope } from './scope.js';

/** Evaluates one bare expression (no `${{ }}`) against the scope. */
export function evaluateExpression(expr: string, scope: ExprScope): unknown {
  const compiled = compileExpression(expr);
  if (!compiled.ok) throw new ExpressionError(`expression "${expr}": ${compiled.message} (at column ${compiled.index + 1})`);
  return compiled.expression.evalSync(getContext(scope));
}

/**
 * Resolves `${{ }}` inside a value, recursively through lists and mappings: a string that is exactly one
 * expression yields the expression's typed value; a string with embedded expressions yields text.
 */
export function resolveTemplate(value: unknown, scope: ExprScope): unknown {
  if (typeof value === 'string') return resolveString(value, scope);
  if (Array.isArray(value)) return value.map((item) => resolveTemplate(item, scope));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolveTemplate(item, scope)]));
  }
  return value;
}

/** Evaluates an `if:` guard ("${{ ... }}", or a bare expression) to a boolean by JavaScript truthiness. */
export function evaluateCondition(expr: string, scope: ExprScope): boolean {
  const inner = getSoleExpression(expr) ?? expr;
  return Boolean(evaluateExpression(inner, scope));
}

function resolveString(text: string, scope: ExprScope): unknown {
  const sole = getSoleExpression(text);
  if (sole !== undefined) return evaluateExpression(sole, scope);
  const { parts, unterminatedAt } = scanTemplate(text);
  if (unterminatedAt !== undefined) throw new ExpressionError(`"${text}": '\${{' at column ${unterminatedAt + 1} is never closed with '}}'`);
  return parts.map((part) => (part.kind === 'text' ? part.text : formatValue(evaluateExpression(part.expr, scope)))).join('');
}

function formatValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Only the scope's roots are visible; the null prototype keeps Object.prototype names out of reach. */
function getContext(scope: ExprScope): Record<string, unknown> {
  const context = Object.create(null) as Record<string, unknown>;
  context.null = null;
  context.params = scope.params;
  context.states = scope.states;
  context.loop = scope.loop;
  context.run = scope.run;
  if (scope.outputs !== undefined) context.outputs = scope.outputs;
  if (scope.vars !== undefined) context.vars = scope.vars;
  if (scope.item_index !== undefined) {
    context.item = scope.item;
    context.item_index = scope.item_index;
  }
  return context;
}
