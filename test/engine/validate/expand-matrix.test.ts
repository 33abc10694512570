import assert from 'node:assert/strict';
import { expandMatrix, MatrixTooLargeError } from '../../../engine/validate/expand-matrix.js';

describe('grid: expandMatrix (GitHub Actions semantics)', () => {
  it('2×2 with exclude and include: product in declaration order, exclude, then include merge/append', () => {
    const trials = expandMatrix({
      matrix: {
        tau: [0.6, 0.8],
        lr: [1, 3],
        exclude: [{ tau: 0.6, lr: 3 }],
        include: [
          { lr: 1, seed: 7 }, // fits both lr=1 originals → merged into each
          { tau: 0.8, lr: 3, note: 'big' }, // fits exactly one original → merged
          { tau: 0.6, lr: 3 }, // would overwrite an original value in every combination → appended (include re-adds an excluded combo)
          { tau: 0.9 }, // overwrites every original tau → new combination
        ],
      },
    });
    assert.deepEqual(trials, [
      { tau: 0.6, lr: 1, seed: 7 },
      { tau: 0.8, lr: 1, seed: 7 },
      { tau: 0.8, lr: 3, note: 'big' },
      { tau: 0.6, lr: 3 },
      { tau: 0.9 },
    ]);
  });

  it("reproduces the GitHub docs' include example", () => {
    // docs.github.com, "Expanding or adding matrix configurations".
    const trials = expandMatrix({
      matrix: {
        fruit: ['apple', 'pear'],
        animal: ['cat', 'dog'],
        include: [{ color: 'green' }, { color: 'pink', animal: 'cat' }, { fruit: 'apple', shape: 'circle' }, { fruit: 'banana' }, { fruit: 'banana', animal: 'cat' }],
      },
    });
    assert.deepEqual(trials, [
      { fruit: 'apple', animal: 'cat', color: 'pink', shape: 'circle' },
      { fruit: 'apple', animal: 'dog', color: 'green', shape: 'circle' },
      { fruit: 'pear', animal: 'cat', color: 'pink' },
      { fruit: 'pear', animal: 'dog', color: 'green' },
      { fruit: 'banana' },
      { fruit: 'banana', animal: 'cat' },
    ]);
  });

  it('exclude matches partially; a matrix of includes only is the include list', () => {
    assert.deepEqual(expandMatrix({ matrix: { a: [1, 2], b: ['x', 'y'], exclude: [{ b: 'y' }] } }), [
      { a: 1, b: 'x' },
      { a: 2, b: 'x' },
    ]);
    assert.deepEqual(expandMatrix({ matrix: { include: [{ a: 1 }, { a: 2 }] } }), [{ a: 1 }, { a: 2 }]);
  });

  it('refuses more than 256 combinations', () => {
    const values = Array.from({ length: 17 }, (_, i) => i);
    assert.equal(expandMatrix({ matrix: { a: values, b: values.slice(0, 15) } }).length, 255);
    assert.throws(() => expandMatrix({ matrix: { a: values, b: values } }), MatrixTooLargeError);
  });
});
