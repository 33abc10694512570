import jexlDefault, { type JexlAst, type JexlExpression } from 'jexl';
import Lexer from 'jexl/dist/Lexer.js';
import Parser from 'jexl/dist/parser/Parser.js';
import Evaluator from 'jexl/dist/evaluator/Evaluator.js';
import { EXPRESSION_FUNCTIONS, EXPRESSION_TRANSFORMS } from './expression-functions.js';

/** A dotted name an expression reads, e.g. `states.retrain.outputs.model` → ['states','retrain','outputs','model']. */
export interface Reference {
  path: (string | number)[];
  /** Index of the reference in the expression text (best effort). */
  index: number;
}

export type CompiledExpression =
  | { ok: true; expression: JexlExpression; references: Reference[] }
  | { ok: false; message: string; index: number };

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** jexl's parse time and memory grow faster than linearly with nesting, so size and depth are bounded first. */
export const MAX_EXPRESSION_LENGTH = 4096;
export const MAX_EXPRESSION_DEPTH = 32;

// `x.y` on a missing x gives undefined in jexl, but `x[0]` throws; make indexing behave the same, so
// `states.retrain.outputs.dev_accuracy[0]` before (or without) any retrain reads as missing, like `a.b` does.
const filterStatic = Evaluator.prototype._filterStatic;
Evaluator.prototype._filterStatic = function (this: Evaluator, subject: unknown, expr: JexlAst) {
  return subject === undefined || subject === null ? this.Promise.resolve(undefined) : filterStatic.call(this, subject, expr);
};

// A private instance: expressions read the scope and call only the functions and transforms registered here.
const jexl = new jexlDefault.Jexl();
for (const [name, { fn }] of EXPRESSION_FUNCTIONS) jexl.addFunction(name, fn);
for (const [name, { fn }] of EXPRESSION_TRANSFORMS) jexl.addTransform(name, fn);
const cache = new Map<string, CompiledExpression>();

/** Parses one expression (the text inside `${{ }}`), reporting syntax and safety problems with their column. */
export function compileExpression(expr: string): CompiledExpression {
  const hit = cache.get(expr);
  if (hit) return hit;
  const compiled = compileUncached(expr);
  cache.set(expr, compiled);
  return compiled;
}

function compileUncached(expr: string): CompiledExpression {
  if (expr.trim() === '') return { ok: false, message: 'empty expression', index: 0 };
  const tooBig = getSizeProblem(expr);
  if (tooBig) return { ok: false, ...tooBig };
  const parsed = parseWithPosition(expr);
  if (!parsed.ok) return parsed;
  const problem = findUnsafeNode(parsed.ast, expr);
  if (problem) return { ok: false, ...problem };
  return { ok: true, expression: jexl.createExpression(expr), references: collectReferences(parsed.ast, expr) };
}

/** One linear pass: the length, then bracket depth outside string literals. */
function getSizeProblem(expr: string): { message: string; index: number } | undefined {
  if (expr.length > MAX_EXPRESSION_LENGTH) {
    return { message: `expression too long (${expr.length} characters, max ${MAX_EXPRESSION_LENGTH}); compute the value in a step instead`, index: 0 };
  }
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < expr.length; i++) {
    const char = expr[i];
    if (quote) {
      if (char === '\\') i += 1;
      else if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '(' || char === '[' || char === '{') {
      depth += 1;
      if (depth > MAX_EXPRESSION_DEPTH) return { message: `expression nested deeper than ${MAX_EXPRESSION_DEPTH} brackets`, index: i };
    } else if (char === ')' || char === ']' || char === '}') {
      depth -= 1;
    }
  }
  return undefined;
}

/** jexl's own errors carry no position: feed tokens one by one so the failing token's offset is known. */
function parseWithPosition(expr: string): { ok: true; ast: JexlAst } | { ok: false; message: string; index: number } {
  let tokens;
  try {
    tokens = new Lexer(jexl._grammar).tokenize(expr);
  } catch (error) {
    const token = /Invalid expression token: (.*)$/.exec((error as Error).message)?.[1];
    return { ok: false, message: `invalid token ${token ?? ''}`.trim(), index: token ? Math.max(0, expr.indexOf(token)) : 0 };
  }
  const parser = new Parser(jexl._grammar);
  let offset = expr.length - expr.trimStart().length;
  let depth = 0;
  let lastOpen = 0;
  for (const token of tokens) {
    // Checked on tokens: jexl's lexer looks names up in a plain object, so `constructor` is not even an identifier to it.
    if (FORBIDDEN.has(token.raw.trim())) return { ok: false, message: `access to '${token.raw.trim()}' is not allowed`, index: offset };
    try {
      parser.addToken(token);
    } catch {
      return { ok: false, message: `unexpected ${describeToken(token.raw)}`, index: offset };
    }
    if (token.type === 'openParen' || token.type === 'openBracket' || token.type === 'openCurl') {
      depth += 1;
      lastOpen = offset;
    }
    if (token.type === 'closeParen' || token.type === 'closeBracket' || token.type === 'closeCurl') depth -= 1;
    offset += token.raw.length;
  }
  if (depth > 0) return { ok: false, message: 'unclosed bracket', index: lastOpen };
  try {
    const ast = parser.complete();
    if (!ast) return { ok: false, message: 'empty expression', index: 0 };
    return { ok: true, ast };
  } catch {
    return { ok: false, message: 'unexpected end of expression', index: expr.trimEnd().length };
  }
}

function describeToken(raw: string): string {
  return `'${raw.trim()}'`;
}

function getChildren(node: JexlAst): JexlAst[] {
  const children = [node.from, node.subject, node.expr, node.left, node.right, node.test, node.consequent, node.alternate, ...(node.args ?? [])];
  if (node.type === 'ArrayLiteral') children.push(...(node.value as JexlAst[]));
  if (node.type === 'ObjectLiteral') children.push(...Object.values(node.value as Record<string, JexlAst>));
  return children.filter((child): child is JexlAst => child !== undefined);
}

/** Rejects prototype access, computed keys (which could spell `__proto__` at run time) and calls to unregistered names. */
function findUnsafeNode(node: JexlAst, expr: string): { message: string; index: number } | undefined {
  if (node.type === 'Identifier' && FORBIDDEN.has(String(node.value))) {
    return { message: `access to '${String(node.value)}' is not allowed`, index: Math.max(0, expr.indexOf(String(node.value))) };
  }
  if (node.type === 'FilterExpression' && !node.relative) {
    const key = node.expr;
    // item_index is an integer the engine sets (member k of a for_each), so it cannot spell a prototype name.
    const isItemIndex = key?.type === 'Identifier' && key.value === 'item_index' && key.from === undefined;
    if (key?.type !== 'Literal' && !isItemIndex) return { message: 'an index in [ ] must be a literal number or string, or item_index', index: Math.max(0, expr.indexOf('[')) };
    if (FORBIDDEN.has(String(key.value))) return { message: `access to '${String(key.value)}' is not allowed`, index: Math.max(0, expr.indexOf(String(key.value))) };
  }
  if (node.type === 'FunctionCall') {
    const problem = getCallProblem(node);
    if (problem) return { message: problem, index: Math.max(0, expr.indexOf(String(node.name))) };
  }
  for (const child of getChildren(node)) {
    const problem = findUnsafeNode(child, expr);
    if (problem) return problem;
  }
  return undefined;
}

/** A call must name a registered function or transform and pass it a number of arguments it takes. */
function getCallProblem(node: JexlAst): string | undefined {
  const isTransform = node.pool === 'transforms';
  const pool = isTransform ? EXPRESSION_TRANSFORMS : EXPRESSION_FUNCTIONS;
  const callable = pool.get(String(node.name));
  if (!callable) {
    return `unknown ${isTransform ? 'transform' : 'function'} '${String(node.name)}' (expressions have ${[...pool.keys()].join(', ')})`;
  }
  // A transform's first argument is the value piped into it.
  const count = (node.args?.length ?? 0) - (isTransform ? 1 : 0);
  const [min, max] = callable.arity;
  return count < min || count > max ? `${String(node.name)} takes ${min === max ? min : `${min} or ${max}`} argument${max === 1 ? '' : 's'}, got ${count}: write ${callable.usage}` : undefined;
}

/** Every outermost identifier chain (`a.b[0].c`), as path segments from its root. */
function collectReferences(root: JexlAst, expr: string): Reference[] {
  const references: Reference[] = [];
  const visit = (node: JexlAst, chainTop: boolean): void => {
    const path = chainTop ? getChainPath(node) : undefined;
    // jexl has no null literal: the bare name `null` reads nothing and yields null (a `with:` input left out).
    if (path && !(path.length === 1 && path[0] === 'null')) {
      const dotted = path.filter((segment): segment is string => typeof segment === 'string').join('.');
      const index = expr.indexOf(dotted);
      references.push({ path, index: index >= 0 ? index : Math.max(0, expr.indexOf(String(path[0]))) });
    }
    for (const child of getChildren(node)) {
      const continuesChain = (node.type === 'Identifier' && child === node.from) || (node.type === 'FilterExpression' && !node.relative && child === node.subject);
      visit(child, !continuesChain);
    }
  };
  visit(root, true);
  return references;
}

/** Path of an identifier chain rooted in the scope; undefined for literals, relative names and other nodes. */
function getChainPath(node: JexlAst): (string | number)[] | undefined {
  if (node.type === 'Identifier') {
    if (!node.from) return node.relative ? undefined : [String(node.value)];
    const base = getChainPath(node.from);
    return base ? [...base, String(node.value)] : undefined;
  }
  if (node.type === 'FilterExpression' && !node.relative && node.subject && node.expr?.type === 'Literal') {
    const base = getChainPath(node.subject);
    const key = node.expr.value;
    return base && (typeof key === 'string' || typeof key === 'number') ? [...base, key] : undefined;
  }
  // `vars.rms[item_index]`: the chain is checked up to the computed index.
  if (node.type === 'FilterExpression' && !node.relative && node.subject) return getChainPath(node.subject);
  return undefined;
}
