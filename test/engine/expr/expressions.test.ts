import assert from 'node:assert/strict';
import { MAX_EXPRESSION_DEPTH, MAX_EXPRESSION_LENGTH } from '../../../engine/expr/compile-expression.js';
import { checkReference, compileExpression, evaluateCondition, ExpressionError, MAX_RANGE_ITEMS, parseExpressions, resolveKnown, resolveTemplate, type ExprScope } from '../../../engine/expr/index.js';

const scope: ExprScope = {
  params: { tau_high: 0.9, name: 'ser', rounds: 3, verbose: false },
  states: {
    seed: { outputs: { model: '/runs/x/seed/model.json', acc: 0.71, list: [{ id: 'a' }, { id: 'b' }] } },
    retrain: { outputs: {} },
  },
  outputs: { converged: true, n: 4 },
  loop: { index: 2 },
  run: { id: 'run-1', dir: '/runs/run-1' },
};

describe('expr: resolveTemplate', () => {
  it('a string that is exactly one expression yields the typed value', () => {
    assert.equal(resolveTemplate('${{ params.tau_high }}', scope), 0.9);
    assert.equal(resolveTemplate('  ${{params.verbose}} ', scope), false);
    assert.deepEqual(resolveTemplate('${{ states.seed.outputs.list[1] }}', scope), { id: 'b' });
    assert.equal(resolveTemplate('${{ loop.index + 1 }}', scope), 3);
  });

  it('embedded expressions interpolate into text', () => {
    assert.equal(resolveTemplate('round ${{ loop.index }} of ${{ params.name }} in ${{ run.dir }}', scope), 'round 2 of ser in /runs/run-1');
    assert.equal(resolveTemplate('acc=${{ states.seed.outputs.acc }}!', scope), 'acc=0.71!');
  });

  it('recurses through mappings and lists, leaving other values alone', () => {
    const value = { model: '${{ states.seed.outputs.model }}', opts: { t: ['${{ params.tau_high }}', 5, true, null] }, plain: 'text' };
    assert.deepEqual(resolveTemplate(value, scope), { model: '/runs/x/seed/model.json', opts: { t: [0.9, 5, true, null] }, plain: 'text' });
  });

  it('|| returns the first truthy value (coalesce), not a boolean', () => {
    assert.equal(resolveTemplate('${{ states.retrain.outputs.model || states.seed.outputs.model }}', scope), '/runs/x/seed/model.json');
    assert.equal(resolveTemplate('${{ states.seed.outputs.acc || 0 }}', scope), 0.71);
  });

  it('evaluates conditions with outputs and loop', () => {
    assert.equal(evaluateCondition('${{ outputs.converged && loop.index < 5 }}', scope), true);
    assert.equal(evaluateCondition('${{ outputs.n > 10 || params.verbose }}', scope), false);
    assert.equal(evaluateCondition('${{ states.retrain.outputs.model }}', scope), false);
  });

  it('refuses to evaluate prototype access, even when asked directly', () => {
    for (const expr of ['${{ params.constructor }}', '${{ params["__proto__"] }}', '${{ run.prototype }}', '${{ params[params.name] }}']) {
      assert.throws(() => resolveTemplate(expr, scope), /not allowed|must be a literal/, expr);
    }
  });
});

describe('expr: range() and slice()', () => {
  const evaluate = (expr: string, extra: Partial<ExprScope> = {}) => resolveTemplate(`\${{ ${expr} }}`, { ...scope, ...extra });

  it('range(n) counts from 0, range(a, b) from a up to b - 1, over params too', () => {
    assert.deepEqual(evaluate('range(3)'), [0, 1, 2]);
    assert.deepEqual(evaluate('range(1, params.rounds + 1)'), [1, 2, 3]);
    assert.deepEqual(evaluate('range(0)'), []);
    assert.deepEqual(evaluate('range(5, 2)'), []);
    assert.deepEqual(evaluate('range(-2, 1)'), [-2, -1, 0]);
    assert.equal((evaluate(`range(${MAX_RANGE_ITEMS})`) as number[]).length, MAX_RANGE_ITEMS);
  });

  it('range() takes integers and makes at most 10,000 items', () => {
    assert.throws(() => evaluate(`range(${MAX_RANGE_ITEMS + 1})`), (error: Error) => error instanceof ExpressionError && /range\(10001\) would make 10001 items; at most 10000 are allowed/.test(error.message));
    assert.throws(() => evaluate('range(1, 1000000000)'), /would make 999999999 items/);
    assert.throws(() => evaluate('range(params.tau_high)'), /range\(\) takes integers, got 0\.9/);
    assert.throws(() => evaluate('range("3")'), /range\(\) takes integers, got "3"/);
  });

  it('x | slice(start, end?) slices a list like Array.prototype.slice', () => {
    assert.deepEqual(evaluate('range(5) | slice(1)'), [1, 2, 3, 4]);
    assert.deepEqual(evaluate('range(5) | slice(1, 3)'), [1, 2]);
    assert.deepEqual(evaluate('range(5) | slice(-2)'), [3, 4]);
    assert.deepEqual(evaluate('states.seed.outputs.list | slice(1)'), [{ id: 'b' }]);
    assert.deepEqual(evaluate('vars.models | slice(0, 1)', { vars: { models: ['a', 'b'] } }), ['a']);
    assert.throws(() => evaluate('params.name | slice(1)'), /slice\(\) applies to a list, got "ser"/);
    assert.throws(() => evaluate('range(3) | slice(0.5)'), /slice\(\) takes integer bounds/);
  });

  it('reads vars, item and item_index from the scope; references inside calls are collected', () => {
    assert.equal(evaluate('item * 10 + item_index', { item: 4, item_index: 1 }), 41);
    assert.equal(evaluate('vars.rm || "none"', { vars: { rm: null } }), 'none');
    const compiled = compileExpression('range(params.n) | slice(vars.k)');
    assert.ok(compiled.ok);
    assert.deepEqual(compiled.references.map((r) => r.path), [['params', 'n'], ['vars', 'k']]);
    assert.deepEqual(resolveKnown('${{ range(params.rounds) }}', scope).value, [0, 1, 2]);
  });
});

describe('expr: null and item_index', () => {
  it('null is a value (a `with:` input that evaluates to it is left out), not a name to check', () => {
    assert.equal(resolveTemplate('${{ params.verbose ? params.name : null }}', scope), null);
    const compiled = compileExpression('params.verbose ? 1 : null');
    assert.ok(compiled.ok);
    assert.deepEqual(compiled.references.map((r) => r.path), [['params', 'verbose']]);
  });

  it('indexing a missing value gives undefined, as reading a property of one does', () => {
    assert.equal(resolveTemplate('${{ states.nothing.outputs.list[0] }}', scope), undefined);
    assert.equal(resolveTemplate('${{ states.seed.outputs.absent[0] }}', scope), undefined);
    assert.equal(resolveTemplate('${{ states.nothing.outputs.x }}', scope), undefined);
  });

  it('a list may be indexed by item_index (member k reads the k-th entry); other computed indices stay refused', () => {
    const member: ExprScope = { ...scope, vars: { rms: ['m0', 'm1'] }, item: 1, item_index: 1 };
    assert.equal(resolveTemplate('${{ vars.rms[item_index] }}', member), 'm1');
    const compiled = compileExpression('vars.rms[item_index]');
    assert.ok(compiled.ok);
    assert.deepEqual(compiled.references.map((r) => r.path).sort(), [['item_index'], ['vars', 'rms']]);
    const refused = compileExpression('vars.rms[item]');
    assert.ok(!refused.ok && refused.message === 'an index in [ ] must be a literal number or string, or item_index', JSON.stringify(refused));
  });
});

describe('expr: compileExpression', () => {
  it('reports syntax errors with their column', () => {
    const cases: [string, RegExp, number][] = [
      ['a +', /unexpected end of expression/, 3],
      ['a b', /unexpected 'b'/, 2],
      ['params.x == ', /unexpected end/, 11],
      ['(a', /unclosed bracket/, 0],
      ['a.__proto__', /access to '__proto__' is not allowed/, 2],
      ['len(a)', /unknown function 'len' \(expressions have range\)/, 0],
      ['a | upper', /unknown transform 'upper' \(expressions have slice\)/, 4],
      ['range()', /range takes 1 or 2 arguments, got 0: write range\(n\) or range\(a, b\)/, 0],
      ['a | slice(1, 2, 3)', /slice takes 1 or 2 arguments, got 3/, 4],
    ];
    for (const [expr, message, index] of cases) {
      const compiled = compileExpression(expr);
      assert.equal(compiled.ok, false, expr);
      if (compiled.ok) continue;
      assert.match(compiled.message, message, expr);
      assert.equal(compiled.index, index, expr);
    }
  });

  it('collects identifier paths from the AST (roots only; relative names and literals excluded)', () => {
    const compiled = compileExpression('states.retrain.outputs.model || states.seed.outputs.list[0].id + params.x ? loop.index : run["id"]');
    assert.ok(compiled.ok);
    assert.deepEqual(
      compiled.references.map((r) => r.path),
      [
        ['states', 'retrain', 'outputs', 'model'],
        ['states', 'seed', 'outputs', 'list', 0, 'id'],
        ['params', 'x'],
        ['loop', 'index'],
        ['run', 'id'],
      ],
    );
    assert.equal(compiled.references[2].index, 'states.retrain.outputs.model || states.seed.outputs.list[0].id + '.length);
  });
});

describe('expr: checkReference', () => {
  const context = {
    params: ['tau_high'],
    states: new Map([
      ['seed', { plugin: 'train-rm', names: ['model', 'acc'], open: false }],
      ['loose', undefined],
    ]),
    where: 'with:',
    roots: ['params', 'states', 'loop', 'run'],
  };
  const check = (expr: string, extra: object = {}) => {
    const compiled = compileExpression(expr);
    assert.ok(compiled.ok);
    return compiled.references.map((r) => checkReference(r, { ...context, ...extra }));
  };

  it('accepts known names', () => {
    assert.deepEqual(check('params.tau_high + states.seed.outputs.acc + loop.index + states.loose.outputs.any'), [undefined, undefined, undefined, undefined]);
  });

  it('reports unknown roots, params, states and outputs', () => {
    const [root] = check('env.HOME');
    assert.equal(root?.code, 'unknown-reference');
    assert.match(root!.message, /unknown name 'env'.*can use params, states, loop, run/);
    assert.match(check('params.tau')[0]!.message, /unknown param 'tau'.*declared params: tau_high/);
    assert.match(check('states.sed.outputs.x')[0]!.message, /unknown state 'sed'/);
    assert.equal(check('states.seed.outputs.modle')[0]?.code, 'unknown-output');
    assert.match(check('states.seed.result')[0]!.message, /exposes only 'outputs'/);
    assert.match(check('loop.count')[0]!.message, /loop has only 'index'/);
  });

  it('vars: a declared name is fine, an undeclared one is an error with a near miss', () => {
    const withVars = { roots: [...context.roots, 'vars'], vars: ['best_model'], suggest: (word: string) => (word === 'best_modle' ? " (did you mean 'best_model'?)" : '') };
    assert.equal(check('vars.best_model', withVars)[0], undefined);
    assert.equal(
      check('vars.best_modle', withVars)[0]?.message,
      "variable 'best_modle' is never declared (vars: best_model) (did you mean 'best_model'?); declare it under vars: with an initial value",
    );
  });

  it('item only where allowed; a for_each state is read as lists, not by member', () => {
    assert.match(check('item')[0]!.message, /'item' is only available in the with: of a for_each state/);
    assert.equal(check('item + item_index', { roots: [...context.roots, 'item', 'item_index'] }).filter(Boolean).length, 0);
    const fanOut = { fanOuts: new Set(['seed']) };
    assert.equal(check('states.seed.outputs.model[1]', fanOut)[0], undefined);
    const expected = "'seed' is a for_each state; its outputs are lists in member order: write states.seed.outputs.<name>[1]";
    assert.equal(check('states.seed[1].outputs.model', fanOut)[0]?.message, `states.seed[1].outputs.model: ${expected}`);
    assert.equal(check("states['seed[1]'].outputs.model", fanOut)[0]?.message, `states.seed[1].outputs.model: ${expected}`);
  });

  it("allows outputs only inside if:, checked against the state's plugin", () => {
    assert.match(check('outputs.acc')[0]!.message, /only available inside a transition's if: and in set:/);
    const inIf = { roots: ['params', 'states', 'outputs', 'loop', 'run'], currentOutputs: { plugin: 'judge', names: ['converged'], open: false } };
    assert.equal(check('outputs.converged', inIf)[0], undefined);
    assert.equal(check('outputs.done', inIf)[0]?.code, 'unknown-output');
  });
});

describe('expr: parseExpressions and resolveKnown', () => {
  it('finds each ${{ }} piece with its offset', () => {
    assert.deepEqual(parseExpressions('a ${{ x }} b ${{y.z}}'), [
      { expr: 'x', offset: 2 },
      { expr: 'y.z', offset: 13 },
    ]);
    assert.deepEqual(parseExpressions('no expressions'), []);
  });

  it('resolves what params determine and keeps the rest as written', () => {
    const { value, pending } = resolveKnown({ a: '${{ params.tau_high }}', b: 'x ${{ states.seed.outputs.acc }}', c: 3 }, scope);
    assert.deepEqual(value, { a: 0.9, b: 'x ${{ states.seed.outputs.acc }}', c: 3 });
    assert.equal(pending, 1);
  });
});

describe('expr: size and nesting bounds (jexl parses deep nesting in super-linear time)', () => {
  it('rejects an expression longer than the limit at once, with its length', () => {
    const started = Date.now();
    const compiled = compileExpression('('.repeat(5000) + '1' + ')'.repeat(5000));
    assert.ok(Date.now() - started < 200, 'bounded before parsing');
    assert.deepEqual(compiled, { ok: false, message: `expression too long (10001 characters, max ${MAX_EXPRESSION_LENGTH}); compute the value in a step instead`, index: 0 });
  });

  it('rejects nesting deeper than the limit at the first bracket too deep', () => {
    const deep = '('.repeat(MAX_EXPRESSION_DEPTH + 1) + '1' + ')'.repeat(MAX_EXPRESSION_DEPTH + 1);
    assert.deepEqual(compileExpression(deep), { ok: false, message: `expression nested deeper than ${MAX_EXPRESSION_DEPTH} brackets`, index: MAX_EXPRESSION_DEPTH });
    assert.equal(compileExpression('('.repeat(MAX_EXPRESSION_DEPTH) + '1' + ')'.repeat(MAX_EXPRESSION_DEPTH)).ok, true);
  });

  it('counts no brackets inside string literals', () => {
    assert.equal(compileExpression(`"${'('.repeat(100)}" == "x"`).ok, true);
  });
});
