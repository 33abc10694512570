import assert from 'node:assert/strict';
import { parseYamlSource } from '../../../engine/load/yaml-source.js';

const text = ['name: demo', 'states:', '  a:', '    step: x', '    with:', '      msg: "hi ${{ params.p }}"', '      plain: go ${{ y }}', '    next: [b, c]', ''].join('\n');

describe('load: parseYamlSource', () => {
  const source = parseYamlSource({ file: 'w.yaml', text });

  it('parses data and positions values, keys and list items (1-based)', () => {
    assert.deepEqual(source.diagnostics, []);
    assert.equal((source.data as { name: string }).name, 'demo');
    assert.deepEqual(source.positionOf(['states', 'a', 'step']), { line: 4, col: 11 });
    assert.deepEqual(source.positionOf(['states', 'a', 'step'], { key: true }), { line: 4, col: 5 });
    assert.deepEqual(source.positionOf(['states', 'a', 'next', 1]), { line: 8, col: 15 });
  });

  it('maps a missing node to its nearest existing parent', () => {
    assert.deepEqual(source.positionOf(['states', 'a', 'with', 'nope'], { closest: true }), { line: 6, col: 7 });
    assert.deepEqual(source.positionOf(['states', 'zz', 'next'], { closest: true }), { line: 3, col: 3 });
  });

  it('positions a character inside a quoted or plain scalar', () => {
    assert.deepEqual(source.positionOf(['states', 'a', 'with', 'msg'], { offsetInValue: 3 }), { line: 6, col: 16 });
    assert.deepEqual(source.positionOf(['states', 'a', 'with', 'plain'], { offsetInValue: 3 }), { line: 7, col: 17 });
  });

  it('turns syntax errors and duplicate keys into diagnostics instead of throwing', () => {
    const duplicate = parseYamlSource({ file: 'd.yaml', text: 'a: 1\nb: 2\na: 3\n' });
    assert.deepEqual(
      duplicate.diagnostics.map((d) => [d.code, d.line, d.col]),
      [['duplicate-key', 3, 1]],
    );
    assert.notEqual(duplicate.data, undefined, 'a duplicate key alone keeps the document usable');
    const broken = parseYamlSource({ file: 'b.yaml', text: 'a: [1, 2\nb: 3\n' });
    assert.equal(broken.data, undefined);
    assert.equal(broken.diagnostics[0].code, 'yaml-syntax');
    assert.doesNotMatch(broken.diagnostics[0].message, /\n/);
  });
});

describe('load: parseYamlSource alias errors are diagnostics', () => {
  it('an alias with no anchor before it is a located yaml-syntax error, not a throw', () => {
    const source = parseYamlSource({ file: 'w.yaml', text: 'name: x\nstates:\n  a:\n    with: *nope\n' });
    assert.equal(source.data, undefined);
    assert.deepEqual(
      source.diagnostics.map((d) => [d.line, d.col, d.code, d.message]),
      [[4, 11, 'yaml-syntax', 'YAML alias *nope has no anchor &nope before it; set the anchor first or remove the alias']],
    );
  });

  it('an alias bomb past the alias count is a located error', () => {
    const levels = ['a0: &a [x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 6 }, (_, i) => `a${i + 1}: &${'abcdefg'[i + 1]} [${Array(9).fill(`*${'abcdefg'[i]}`).join(', ')}]`)];
    const source = parseYamlSource({ file: 'w.yaml', text: `${levels.join('\n')}\n` });
    assert.equal(source.data, undefined);
    assert.equal(source.diagnostics.length, 1);
    assert.deepEqual([source.diagnostics[0].line, source.diagnostics[0].col], [2, 9]);
    assert.match(source.diagnostics[0].message, /^YAML aliases expand to too much data/);
  });

  it('aliases that resolve still work', () => {
    const source = parseYamlSource({ file: 'w.yaml', text: 'a: &x [1, 2]\nb: *x\n' });
    assert.deepEqual(source.data, { a: [1, 2], b: [1, 2] });
  });
});

describe('load: parseYamlSource bounds nesting', () => {
  it('refuses collections nested deeper than 64 levels, at the first one too deep', () => {
    const source = parseYamlSource({ file: 'w.yaml', text: `a: ${'['.repeat(100)}${']'.repeat(100)}\n` });
    assert.equal(source.data, undefined);
    assert.deepEqual(
      source.diagnostics.map((d) => [d.line, d.col, d.message]),
      [[1, 67, 'YAML nested deeper than 64 levels; flatten the data']],
    );
    assert.deepEqual(parseYamlSource({ file: 'w.yaml', text: `a: ${'['.repeat(60)}${']'.repeat(60)}\n` }).diagnostics, []);
  });
});
