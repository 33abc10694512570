import type { Grid } from '../../schemas/generated/workflow.js';

export type MatrixValue = string | number | boolean;
export type Combination = Record<string, MatrixValue>;

/** GitHub Actions' limit on the jobs one matrix may generate. */
export const MAX_COMBINATIONS = 256;

export class MatrixTooLargeError extends Error {}

/**
 * Expands a matrix the way GitHub Actions does: the cartesian product of the value lists in declaration
 * order; `exclude` drops every combination matching all of an entry's keys; then each `include` entry is
 * merged into every (post-exclude) original combination whose original values it does not overwrite
 * (values added by earlier includes may be overwritten); an entry that fits none becomes a new combination.
 */
export function expandMatrix(grid: Pick<Grid, 'matrix'>): Combination[] {
  const { include = [], exclude = [], ...axes } = grid.matrix;
  const keys = Object.keys(axes);
  let product: Combination[] = keys.length ? [{}] : [];
  for (const key of keys) {
    const values = (axes[key] ?? []) as MatrixValue[];
    product = product.flatMap((combo) => values.map((value) => ({ ...combo, [key]: value })));
    throwOnTooLarge(product.length);
  }
  const originals = product.filter((combo) => !exclude.some((entry) => isMatch(combo, entry)));
  const expanded = originals.map((combo) => ({ ...combo }));
  const added: Combination[] = [];
  for (const entry of include) {
    let merged = false;
    originals.forEach((original, i) => {
      const overwritesOriginal = Object.entries(entry).some(([key, value]) => key in original && original[key] !== value);
      if (overwritesOriginal) return;
      Object.assign(expanded[i], entry);
      merged = true;
    });
    if (!merged) added.push({ ...entry });
  }
  const result = [...expanded, ...added];
  throwOnTooLarge(result.length);
  return result;
}

function isMatch(combo: Combination, entry: Combination): boolean {
  return Object.entries(entry).every(([key, value]) => combo[key] === value);
}

function throwOnTooLarge(count: number): void {
  if (count > MAX_COMBINATIONS) {
    throw new MatrixTooLargeError(`the grid expands to more than ${MAX_COMBINATIONS} trials (${count} so far); shrink the value lists or add exclude entries`);
  }
}
