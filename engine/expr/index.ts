export { resolveTemplate, evaluateCondition, evaluateExpression } from './evaluate.js';
export { ExpressionError } from './expression-error.js';
export { MAX_RANGE_ITEMS } from './expression-functions.js';
export { parseExpressions, scanTemplate, getSoleExpression, hasExpression, type TemplatePart } from './scan-template.js';
export { compileExpression, type CompiledExpression, type Reference } from './compile-expression.js';
export { resolveKnown } from './resolve-known.js';
export { checkReference, EXPRESSION_ROOTS, type ReferenceContext } from './check-reference.js';
export type { ExprScope } from './scope.js';
