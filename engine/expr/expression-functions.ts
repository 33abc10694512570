import { ExpressionError } from './expression-error.js';

/** `range()` builds lists in memory, so its length is bounded like an expression's size. */
export const MAX_RANGE_ITEMS = 10_000;

interface Callable {
  fn: (...args: unknown[]) => unknown;
  /** How many arguments a call may pass (for a transform: besides the piped value). */
  arity: [min: number, max: number];
  usage: string;
}

/** `range(n)` → 0..n-1; `range(a, b)` → a..b-1 (Python's range, integers only). */
function range(...args: unknown[]): number[] {
  const [start, end] = args.length === 1 ? [0, args[0]] : [args[0], args[1]];
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end)) {
    throw new ExpressionError(`range() takes integers, got ${args.map((a) => JSON.stringify(a) ?? 'undefined').join(', ')}`);
  }
  const count = Math.max(0, (end as number) - (start as number));
  if (count > MAX_RANGE_ITEMS) throw new ExpressionError(`range(${args.join(', ')}) would make ${count} items; at most ${MAX_RANGE_ITEMS} are allowed`);
  return Array.from({ length: count }, (_, i) => (start as number) + i);
}

/** `list | slice(start, end?)`: Array.prototype.slice (negative indices count from the end). */
function slice(list: unknown, ...bounds: unknown[]): unknown[] {
  if (!Array.isArray(list)) throw new ExpressionError(`slice() applies to a list, got ${JSON.stringify(list) ?? 'undefined'}`);
  if (!bounds.every((bound) => bound === undefined || Number.isSafeInteger(bound))) {
    throw new ExpressionError(`slice() takes integer bounds, got ${bounds.map((b) => JSON.stringify(b)).join(', ')}`);
  }
  return list.slice(bounds[0] as number, bounds[1] as number | undefined);
}

/** The only callables an expression may name; a Map so no Object.prototype name resolves. */
export const EXPRESSION_FUNCTIONS = new Map<string, Callable>([['range', { fn: range, arity: [1, 2], usage: 'range(n) or range(a, b)' }]]);
export const EXPRESSION_TRANSFORMS = new Map<string, Callable>([['slice', { fn: slice, arity: [1, 2], usage: 'list | slice(start) or list | slice(start, end)' }]]);
