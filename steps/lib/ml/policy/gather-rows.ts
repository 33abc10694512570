import * as tf from '@tensorflow/tfjs-core';

/**
 * Row gather (an embedding lookup, or picking positions from a hidden state) whose gradient accumulates
 * rows directly (O(N·D)): the stock gradient of tf.gather (UnsortedSegmentSum) is O(rows·N·D) on cpu and
 * missing on wasm (shared docs tfjs-notes.md, pitfall 2).
 */
export function gatherRows(table: tf.Tensor2D, ids: Int32Array): tf.Tensor2D {
  const [vocab, dim] = table.shape;
  const lookup = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const value = tf.gather(inputs[0] as tf.Tensor, tf.tensor1d(ids, 'int32')) as tf.Tensor2D;
    const gradFunc = (dy: tf.Tensor2D) => {
      const rows = dy.dataSync();
      const grad = new Float32Array(vocab * dim);
      for (let i = 0; i < ids.length; i++) {
        const dst = ids[i]! * dim;
        const src = i * dim;
        for (let d = 0; d < dim; d++) grad[dst + d]! += rows[src + d]!;
      }
      return tf.tensor2d(grad, [vocab, dim]);
    };
    return { value, gradFunc };
  });
  return lookup(table) as tf.Tensor2D;
}
