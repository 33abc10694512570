import assert from 'node:assert/strict';
import { expandMatrix } from '../../engine/grid/expand-matrix.js';

// Expected values are GitHub's documented results ("Using a matrix for your jobs", github/docs).
describe('grid: matrix expansion (GitHub Actions semantics)', () => {
  it('2×2 with exclude and include: exclude first, include extends originals or adds a combination', () => {
    const combos = expandMatrix({
      matrix: {
        tau: [0.6, 0.7],
        lr: [1, 2],
        exclude: [{ tau: 0.6, lr: 2 }],
        include: [{ lr: 1, warmup: true }, { tau: 0.9, lr: 1 }],
      },
    });
    assert.deepEqual(combos, [
      { tau: 0.6, lr: 1, warmup: true },
      { tau: 0.7, lr: 1, warmup: true },
      { tau: 0.7, lr: 2 },
      { tau: 0.9, lr: 1 },
    ]);
  });

  it("reproduces the docs' include example (added values may be overwritten, originals never)", () => {
    const combos = expandMatrix({
      matrix: {
        fruit: ['apple', 'pear'],
        animal: ['cat', 'dog'],
        include: [
          { color: 'green' },
          { color: 'pink', animal: 'cat' },
          { fruit: 'apple', shape: 'circle' },
          { fruit: 'banana' },
          { fruit: 'banana', animal: 'cat' },
        ],
      },
    });
    assert.deepEqual(combos, [
      { fruit: 'apple', animal: 'cat', color: 'pink', shape: 'circle' },
      { fruit: 'apple', animal: 'dog', color: 'green', shape: 'circle' },
      { fruit: 'pear', animal: 'cat', color: 'pink' },
      { fruit: 'pear', animal: 'dog', color: 'green' },
      { fruit: 'banana' },
      { fruit: 'banana', animal: 'cat' },
    ]);
  });

  it("reproduces the docs' exclude example (partial matches exclude every matching combination)", () => {
    const combos = expandMatrix({
      matrix: {
        os: ['macos-latest', 'windows-latest'],
        version: [12, 14, 16],
        environment: ['staging', 'production'],
        exclude: [{ os: 'macos-latest', version: 12, environment: 'production' }, { os: 'windows-latest', version: 16 }],
      },
    });
    assert.equal(combos.length, 9);
    assert.ok(!combos.some((c) => c.os === 'windows-latest' && c.version === 16));
    assert.ok(!combos.some((c) => c.os === 'macos-latest' && c.version === 12 && c.environment === 'production'));
  });

  it('expands the 27-trial τ grid in declaration order', () => {
    const combos = expandMatrix({ matrix: { a: [1, 2, 3], b: [1, 2, 3], c: [1, 2, 3] } });
    assert.equal(combos.length, 27);
    assert.deepEqual(combos.slice(0, 2), [{ a: 1, b: 1, c: 1 }, { a: 1, b: 1, c: 2 }]);
  });
});
