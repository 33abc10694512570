import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import writeFileAtomic from 'write-file-atomic';

/**
 * Named float32 tensors in one file, written atomically: a 4-byte little-endian header length, a
 * JSON header `[{name, shape}]`, then the data in header order.
 */
export async function saveTensorFile(file: string, tensors: Record<string, tf.Tensor>): Promise<void> {
  await writeFileAtomic(file, await encodeTensorFile(tensors));
}

export async function encodeTensorFile(tensors: Record<string, tf.Tensor>): Promise<Buffer> {
  const entries = Object.entries(tensors);
  const header = Buffer.from(JSON.stringify(entries.map(([name, t]) => ({ name, shape: t.shape }))), 'utf8');
  const chunks: Buffer[] = [Buffer.alloc(4), header];
  chunks[0]!.writeUInt32LE(header.length, 0);
  for (const [, t] of entries) {
    const data = (await t.data()) as Float32Array;
    chunks.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  }
  return Buffer.concat(chunks);
}

export function loadTensorFile(file: string): Record<string, tf.Tensor> {
  const bytes = readFileSync(file);
  const headerLength = bytes.readUInt32LE(0);
  const header = JSON.parse(bytes.subarray(4, 4 + headerLength).toString('utf8')) as { name: string; shape: number[] }[];
  let offset = 4 + headerLength;
  const out: Record<string, tf.Tensor> = {};
  for (const { name, shape } of header) {
    const size = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    const view = bytes.subarray(offset, offset + size * 4);
    if (view.length !== size * 4) throw new Error(`${file}: truncated at tensor '${name}' (expected ${size * 4} bytes, found ${view.length}); the checkpoint is damaged, delete it to start over`);
    data.set(new Float32Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength)));
    out[name] = tf.keep(tf.tensor(data, shape));
    offset += size * 4;
  }
  return out;
}
