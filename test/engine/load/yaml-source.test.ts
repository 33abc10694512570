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
