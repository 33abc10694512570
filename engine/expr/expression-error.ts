/** Raised when an expression cannot run (validation catches these first; this is the last line of defence). */
export class ExpressionError extends Error {}
