// Minimal typings for the parts of jexl 2.3 that engine/expr uses (the package ships none).
declare module 'jexl' {
  export interface JexlAst {
    type: string;
    value?: unknown;
    from?: JexlAst;
    relative?: boolean;
    subject?: JexlAst;
    expr?: JexlAst;
    left?: JexlAst;
    right?: JexlAst;
    test?: JexlAst;
    consequent?: JexlAst;
    alternate?: JexlAst;
    operator?: string;
    name?: string;
    args?: JexlAst[];
    pool?: string;
  }
  export interface JexlToken {
    type: string;
    value: unknown;
    raw: string;
  }
  export interface JexlExpression {
    evalSync(context?: Record<string, unknown>): unknown;
    _getAst(): JexlAst;
  }
  export class Jexl {
    _grammar: unknown;
    compile(expression: string): JexlExpression;
    createExpression(expression: string): JexlExpression;
    addFunction(name: string, fn: (...args: unknown[]) => unknown): void;
    addTransform(name: string, fn: (value: unknown, ...args: unknown[]) => unknown): void;
  }
  const instance: Jexl & { Jexl: typeof Jexl };
  export default instance;
}

declare module 'jexl/dist/Lexer.js' {
  import type { JexlToken } from 'jexl';
  class Lexer {
    constructor(grammar: unknown);
    tokenize(expression: string): JexlToken[];
  }
  export default Lexer;
}

declare module 'jexl/dist/parser/Parser.js' {
  import type { JexlAst, JexlToken } from 'jexl';
  class Parser {
    constructor(grammar: unknown);
    addToken(token: JexlToken): void;
    complete(): JexlAst | undefined;
  }
  export default Parser;
}

declare module 'jexl/dist/evaluator/Evaluator.js' {
  import type { JexlAst } from 'jexl';
  class Evaluator {
    Promise: { resolve(value: unknown): unknown };
    _filterStatic(subject: unknown, expr: JexlAst): unknown;
  }
  export default Evaluator;
}
