import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';

/** Where one tensor sits in a weights file (offset and size in float32 elements). */
export interface TensorEntry {
  name: string;
  shape: number[];
  offset: number;
}

/** Concatenates tensors (in map order) into one little-endian float32 buffer plus its index. */
export async function encodeTensors(tensors: Map<string, tf.Tensor>): Promise<{ bytes: Buffer; entries: TensorEntry[] }> {
  const entries: TensorEntry[] = [];
  const parts: Float32Array[] = [];
  let offset = 0;
  for (const [name, tensor] of tensors) {
    const values = (await tensor.data()) as Float32Array;
    entries.push({ name, shape: tensor.shape, offset });
    parts.push(values);
    offset += values.length;
  }
  const all = new Float32Array(offset);
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  // Float32Array is host-endian; every platform Node targets here is little-endian.
  return { bytes: Buffer.from(all.buffer, all.byteOffset, all.byteLength), entries };
}

/** Reads tensors back as host arrays by name, checking the file holds what the index says. */
export function decodeTensors(file: string, entries: TensorEntry[]): Map<string, { shape: number[]; values: Float32Array }> {
  const bytes = readFileSync(file);
  const all = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const out = new Map<string, { shape: number[]; values: Float32Array }>();
  for (const entry of entries) {
    const size = entry.shape.reduce((a, b) => a * b, 1);
    if (entry.offset + size > all.length) {
      throw new Error(`${file}: tensor '${entry.name}' needs floats ${entry.offset}..${entry.offset + size} but the file holds ${all.length}; the model folder is incomplete`);
    }
    out.set(entry.name, { shape: entry.shape, values: all.slice(entry.offset, entry.offset + size) });
  }
  return out;
}
