import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../../../steps/lib/ml/backend/init-backend.js';
import { embedBag, hasEmbeddingBagKernel } from '../../../../../steps/lib/ml/kernels/embedding-bag.js';
import { registerWorkaroundKernels } from '../../../../../steps/lib/ml/kernels/register-workaround-kernels.js';

/** d/dE of sum(W ⊙ gather(E, ids)) by hand: row r of the gradient is the sum of W's rows whose id is r. */
function computeExpectedGradient(ids: number[], w: number[][], rows: number): number[][] {
  const out = Array.from({ length: rows }, () => new Array(w[0].length).fill(0));
  ids.forEach((id, i) => w[i].forEach((x, j) => (out[id][j] += x)));
  return out;
}

function checkGatherGradient(): void {
  const ids = [2, 0, 2, 4, 2];
  const w = ids.map((_, i) => [i + 1, -(i + 1) / 2, 0.25 * i]);
  const table = tf.variable(tf.randomNormal([6, 3]));
  const weights = tf.tensor2d(w);
  const { grads } = tf.variableGrads(() => tf.sum(tf.mul(tf.gather(table, tf.tensor1d(ids, 'int32')), weights)), [table]);
  const got = grads[table.name].arraySync() as number[][];
  const expected = computeExpectedGradient(ids, w, 6);
  got.forEach((row, r) => row.forEach((x, j) => assert.ok(Math.abs(x - expected[r][j]) < 1e-6, `row ${r} col ${j}: ${x} vs ${expected[r][j]}`)));
  tf.dispose([table, weights, ...Object.values(grads)]);
}

describe('ml/kernels: workaround kernels', () => {
  before(async () => {
    await initBackend('auto');
  });

  it('gives tf.gather a gradient equal to the hand computation (segment sum) on the active backend', () => {
    checkGatherGradient();
  });

  it('does the same on the patched cpu backend', async () => {
    const previous = tf.getBackend();
    await import('@tensorflow/tfjs-backend-cpu');
    await tf.setBackend('cpu');
    try {
      registerWorkaroundKernels('cpu');
      checkGatherGradient();
    } finally {
      await tf.setBackend(previous);
    }
  });

  it('fused embedding bag: weighted sums of rows, and a gradient equal to the hand computation', () => {
    assert.ok(hasEmbeddingBagKernel());
    const table = tf.variable(tf.tensor2d([[1, 2], [3, 4], [5, 6], [7, 8]]));
    // 2 rows × 3 tokens; the last token of row 1 is padding (weight 0).
    const ids = tf.tensor1d([1, 3, 1, 0, 2, 0], 'int32');
    const weights = tf.tensor1d([0.5, 0.25, 0.25, 0.5, 0.5, 0]);
    assert.deepEqual(embedBag(table, ids, weights, 2).arraySync(), [[0.5 * 3 + 0.25 * 7 + 0.25 * 3, 0.5 * 4 + 0.25 * 8 + 0.25 * 4], [0.5 * 1 + 0.5 * 5, 0.5 * 2 + 0.5 * 6]]);
    const dy = tf.tensor2d([[1, -1], [2, 10]]);
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(embedBag(table, ids, weights, 2), dy)), [table]);
    // row 1 gets 0.5+0.25 of dy[0]; row 3 0.25 of dy[0]; row 0 0.5 of dy[1] (the padded 0 adds nothing); row 2 0.5 of dy[1].
    assert.deepEqual(grads[table.name].arraySync(), [[1, 5], [0.75, -0.75], [1, 5], [0.25, -0.25]]);
  });

  it('fused embedding bag with dim % 4 = 0 (the wasm SIMD path) matches a JS computation, forward and gradient', () => {
    const [vocab, dim, rows, len] = [50, 8, 3, 5];
    const tableValues = Array.from({ length: vocab * dim }, (_, i) => Math.sin(i));
    const idList = Array.from({ length: rows * len }, (_, k) => (k * 7) % vocab);
    const weightList = idList.map((_, k) => (k % 4 === 3 ? 0 : 1 / (k + 1)));
    const dyValues = Array.from({ length: rows * dim }, (_, i) => Math.cos(i));
    const expectedOut = new Float32Array(rows * dim);
    const expectedGrad = new Float32Array(vocab * dim);
    idList.forEach((id, k) => {
      const r = Math.floor(k / len);
      for (let j = 0; j < dim; j++) {
        expectedOut[r * dim + j] += weightList[k] * tableValues[id * dim + j];
        expectedGrad[id * dim + j] += weightList[k] * dyValues[r * dim + j];
      }
    });
    const table = tf.variable(tf.tensor2d(tableValues, [vocab, dim]));
    const ids = tf.tensor1d(idList, 'int32');
    const weights = tf.tensor1d(weightList);
    const out = embedBag(table, ids, weights, rows).dataSync();
    out.forEach((x, i) => assert.ok(Math.abs(x - expectedOut[i]) < 1e-5, `out ${i}: ${x} vs ${expectedOut[i]}`));
    const dy = tf.tensor2d(dyValues, [rows, dim]);
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(embedBag(table, ids, weights, rows), dy)), [table]);
    grads[table.name].dataSync().forEach((x, i) => assert.ok(Math.abs(x - expectedGrad[i]) < 1e-5, `grad ${i}: ${x} vs ${expectedGrad[i]}`));
  });

  it('segment sum drops ids outside [0, numSegments), as TensorFlow does', () => {
    const x = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
    const out = tf.unsortedSegmentSum(x, tf.tensor1d([1, 5, 1], 'int32'), 3);
    assert.deepEqual(out.arraySync(), [[0, 0], [6, 8], [0, 0]]);
  });

  it('row-copy gather returns the indexed rows and rejects an out-of-range index', () => {
    const x = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
    assert.deepEqual(tf.gather(x, tf.tensor1d([2, 0, 2], 'int32')).arraySync(), [[5, 6], [1, 2], [5, 6]]);
    assert.throws(() => tf.gather(x, tf.tensor1d([3], 'int32')).arraySync(), /index 3/);
    // Non-zero axes go to the stock kernel.
    assert.deepEqual(tf.gather(x, tf.tensor1d([1], 'int32'), 1).arraySync(), [[2], [4], [6]]);
  });

  it('batched matMul (one 2-D multiply per entry on wasm) equals the per-entry products, also transposed', () => {
    const a = tf.reshape(tf.range(0, 2 * 3 * 4 * 5), [2, 3, 4, 5]);
    const b = tf.reshape(tf.sin(tf.range(0, 2 * 3 * 5 * 2)), [2, 3, 5, 2]);
    const got = tf.matMul(a, b).arraySync() as number[][][][];
    const gotT = tf.matMul(tf.transpose(a, [0, 1, 3, 2]), b, true, false).arraySync() as number[][][][];
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 3; j++) {
        const expected = tf.matMul(tf.squeeze(tf.slice(a, [i, j, 0, 0], [1, 1, 4, 5])), tf.squeeze(tf.slice(b, [i, j, 0, 0], [1, 1, 5, 2]))).arraySync() as number[][];
        expected.forEach((row, r) => row.forEach((x, c) => {
          assert.ok(Math.abs(got[i][j][r][c] - x) < 1e-4, `[${i},${j},${r},${c}] ${got[i][j][r][c]} vs ${x}`);
          assert.ok(Math.abs(gotT[i][j][r][c] - x) < 1e-4);
        }));
      }
    }
  });

  it('matMul with transposeA/transposeB equals the product of explicit transposes', () => {
    const a = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
    const b = tf.tensor2d([[1, 0], [0, 1], [2, 2]]);
    const expected = tf.matMul(a, b).arraySync();
    assert.deepEqual(tf.matMul(tf.transpose(a), b, true, false).arraySync(), expected);
    assert.deepEqual(tf.matMul(a, tf.transpose(b), false, true).arraySync(), expected);
    assert.deepEqual(tf.matMul(tf.transpose(a), tf.transpose(b), true, true).arraySync(), expected);
  });
});
