import { readFileSync } from 'node:fs';
import writeFileAtomic from 'write-file-atomic';

/**
 * A compact file of pretrained word vectors (a subset of a large embedding set, extracted once by
 * scripts/extract-word-vectors.mjs): JSON `{format, version, dim, source, words, vectors}` with one row
 * of `dim` numbers per word. JSON, not binary, so any implementation (the torch one included) reads it.
 */
export interface WordVectorsJson {
  format: 'ser-flow-word-vectors';
  version: 1;
  dim: number;
  /** Where the vectors came from (package name and version), for the record. */
  source: string;
  words: string[];
  vectors: number[][];
}

/** Word vectors in memory: row i of `values` ([words.length, dim], row-major) belongs to words[i]. */
export interface WordVectors {
  dim: number;
  source: string;
  words: string[];
  index: Map<string, number>;
  values: Float32Array;
}

/** Writes word vectors atomically (a reader never sees half a file). */
export function writeWordVectors(options: { file: string; vectors: WordVectors }): void {
  const { file, vectors } = options;
  // 7 significant digits: a float32 needs no more to be read back within an ulp, and the file stays small.
  const rows = vectors.words.map((_, i) => Array.from(vectors.values.subarray(i * vectors.dim, (i + 1) * vectors.dim), (v) => Number(v.toPrecision(7))));
  const json: WordVectorsJson = { format: 'ser-flow-word-vectors', version: 1, dim: vectors.dim, source: vectors.source, words: vectors.words, vectors: rows };
  writeFileAtomic.sync(file, JSON.stringify(json));
}

/** Reads and checks a word-vectors file; every message names the file and what to do. */
export function readWordVectors(file: string): WordVectors {
  let json: Partial<WordVectorsJson>;
  try {
    json = JSON.parse(readFileSync(file, 'utf8')) as Partial<WordVectorsJson>;
  } catch (error) {
    throw new Error(`word vectors ${file}: cannot read it as JSON (${(error as Error).message}); make it with scripts/extract-word-vectors.mjs`);
  }
  if (json?.format !== 'ser-flow-word-vectors' || json.version !== 1) {
    throw new Error(`word vectors ${file}: not a ser-flow word-vectors file (expected format "ser-flow-word-vectors", version 1); make it with scripts/extract-word-vectors.mjs`);
  }
  const { dim, words, vectors } = json;
  if (!Number.isInteger(dim) || dim! < 1) throw new Error(`word vectors ${file}: dim must be a positive integer, got ${JSON.stringify(dim)}`);
  if (!Array.isArray(words) || !Array.isArray(vectors) || words.length !== vectors.length) {
    throw new Error(`word vectors ${file}: words and vectors must be arrays of the same length`);
  }
  const values = new Float32Array(words.length * dim!);
  const index = new Map<string, number>();
  words.forEach((word, i) => {
    const row = vectors[i];
    if (typeof word !== 'string') throw new Error(`word vectors ${file}: word ${i} is not a string`);
    if (!Array.isArray(row) || row.length !== dim || !row.every(Number.isFinite)) {
      throw new Error(`word vectors ${file}: the vector of "${word}" (row ${i}) must be ${dim} finite numbers`);
    }
    values.set(row, i * dim!);
    index.set(word, i);
  });
  return { dim: dim!, source: String(json.source ?? ''), words, index, values };
}
