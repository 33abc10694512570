import assert from 'node:assert/strict';
import { getCycles } from '../../../engine/validate/check-loops.js';

describe('validate: getCycles', () => {
  it('finds cycles and self-loops, members in declaration order', () => {
    const successors = new Map([
      ['a', ['b']],
      ['b', ['c', 'a']],
      ['c', ['c', 'd']],
      ['d', []],
    ]);
    assert.deepEqual(getCycles(successors), [['c'], ['a', 'b']]);
  });

  it('walks a chain of 100,000 states without overflowing the call stack (a 5,000-state workflow crashed validate)', () => {
    const names = Array.from({ length: 100_000 }, (_, i) => `s${i}`);
    const successors = new Map(names.map((name, i) => [name, i + 1 < names.length ? [names[i + 1]] : [names[i - 2]]]));
    assert.deepEqual(getCycles(successors), [names.slice(-3)]);
  });
});
