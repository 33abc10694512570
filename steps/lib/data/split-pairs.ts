import { makeRandomFromParts, shuffleWith } from '../random/seeded-random.js';
import type { SplitBy } from './drop-overlaps.js';
import type { LabeledPair, PoolLabel, PoolPair, RawPair } from './records.js';

export interface SplitOptions {
  seed: number;
  /** SFT : RM : PPO shares of what remains after the test and dev splits (the paper: 0.3 : 0.65 : 0.05). */
  sftRatio?: number;
  rmRatio?: number;
  ppoRatio?: number;
  /** Held-out RM test split, as a fraction of all pairs. */
  testFraction?: number;
  /** Small dev split for the plateau check, as a fraction of all pairs. */
  devFraction?: number;
  /** Share of the RM split that keeps its human labels (the paper's 15 %); the rest is the unlabeled pool. */
  labeledFraction?: number;
  /** Subsample to at most this many pairs (seeded) before splitting. */
  maxPairs?: number;
  /** 'prompt': test and dev take whole prompt groups, so no prompt is on both sides of the held-out line. */
  splitBy?: SplitBy;
  /** A held-out test set of the user's own, used as given (ids `t0…`); testFraction is then not carved off. */
  test?: readonly RawPair[];
  /** A held-out dev set of the user's own, used as given (ids `d0…`); devFraction is then not carved off. */
  dev?: readonly RawPair[];
}

export interface Splits {
  labeled: LabeledPair[];
  pool: PoolPair[];
  poolLabels: PoolLabel[];
  test: LabeledPair[];
  dev: LabeledPair[];
  sft: Array<{ id: string; prompt: string; response: string }>;
  ppoPrompts: Array<{ id: string; prompt: string }>;
}

/** A split setting that cannot work; the message names the option and the fix. */
export class SplitError extends Error {}

/**
 * Seeded, disjoint splits. Ids are `p` + the pair's index in the source (stable across seeds). Order: shuffle,
 * subsample, carve test and dev off the whole (unless given), split the rest SFT:RM:PPO, then the RM split into
 * labeled + pool. Pool pairs show their answers as a/b in a seeded coin-flip order; the labels go to poolLabels only.
 */
export function splitPairs(source: readonly RawPair[], options: SplitOptions): Splits {
  const { seed, sftRatio = 0.3, rmRatio = 0.65, ppoRatio = 0.05, testFraction = 0.1, devFraction = 0.05, labeledFraction = 0.15, maxPairs, splitBy = 'pair' } = options;
  validateSplitOptions({ sftRatio, rmRatio, ppoRatio, testFraction, devFraction, labeledFraction });
  const withIds = withPrefixIds(source, 'p');
  const shuffled = shuffleWith(withIds, makeRandomFromParts(seed, 'split'));
  const all = maxPairs === undefined ? shuffled : shuffled.slice(0, maxPairs);
  const n = all.length;
  const nTest = options.test ? 0 : Math.round(n * testFraction);
  const nDev = options.dev ? 0 : Math.round(n * devFraction);
  const held = splitBy === 'prompt' ? takeHeldOutByPrompt(all, nTest, nDev, seed) : { test: all.slice(0, nTest), dev: all.slice(nTest, nTest + nDev), rest: all.slice(nTest + nDev) };
  const rest = held.rest.length;
  const ratioSum = sftRatio + rmRatio + ppoRatio;
  const nSft = Math.round((rest * sftRatio) / ratioSum);
  const nPpo = Math.round((rest * ppoRatio) / ratioSum);
  const nRm = rest - nSft - nPpo;
  const nLabeled = Math.round(nRm * labeledFraction);
  if (nLabeled < 1 || nRm - nLabeled < 1) {
    throw new SplitError(`the RM split of ${nRm} pairs (of ${n}) leaves ${nLabeled} labeled and ${nRm - nLabeled} pool pairs; each needs at least 1: use more pairs (max_pairs, generated_pairs) or change labeled_fraction`);
  }
  let at = 0;
  const take = (k: number) => held.rest.slice(at, (at += k));
  const toLabeled = (p: RawPair & { id: string }): LabeledPair => ({ id: p.id, prompt: p.prompt, chosen: p.chosen, rejected: p.rejected, source: 'human' });
  const test = (options.test ? withPrefixIds(options.test, 't') : held.test).map(toLabeled);
  const dev = (options.dev ? withPrefixIds(options.dev, 'd') : held.dev).map(toLabeled);
  const sft = take(nSft).map((p) => ({ id: p.id, prompt: p.prompt, response: p.chosen }));
  const ppoPrompts = take(nPpo).map((p) => ({ id: p.id, prompt: p.prompt }));
  const labeled = take(nLabeled).map(toLabeled);
  const coin = makeRandomFromParts(seed, 'pool-order');
  const pool: PoolPair[] = [];
  const poolLabels: PoolLabel[] = [];
  for (const p of take(nRm - nLabeled)) {
    const chosenIsA = coin.next() < 0.5;
    pool.push({ id: p.id, prompt: p.prompt, a: chosenIsA ? p.chosen : p.rejected, b: chosenIsA ? p.rejected : p.chosen });
    const label: PoolLabel = { id: p.id, label: chosenIsA ? 'a' : 'b' };
    if (p.gold_margin !== undefined) label.gold_margin = chosenIsA ? p.gold_margin : -p.gold_margin;
    poolLabels.push(label);
  }
  return { labeled, pool, poolLabels, test, dev, sft, ppoPrompts };
}

type PairWithId = RawPair & { id: string };

function withPrefixIds(pairs: readonly RawPair[], prefix: string): PairWithId[] {
  const width = String(Math.max(pairs.length - 1, 0)).length;
  return pairs.map((pair, i) => ({ ...pair, id: `${prefix}${String(i).padStart(width, '0')}` }));
}

/**
 * Test and dev take whole prompt groups, in the shuffled order of each prompt's first pair, until each holds at
 * least its share (so a split may run over by part of one group); the rest is shuffled again, pair by pair.
 */
function takeHeldOutByPrompt(all: readonly PairWithId[], nTest: number, nDev: number, seed: number): { test: PairWithId[]; dev: PairWithId[]; rest: PairWithId[] } {
  const groups = new Map<string, PairWithId[]>();
  for (const pair of all) {
    const group = groups.get(pair.prompt);
    if (group) group.push(pair);
    else groups.set(pair.prompt, [pair]);
  }
  const [test, dev, rest]: PairWithId[][] = [[], [], []];
  for (const group of groups.values()) (test.length < nTest ? test : dev.length < nDev ? dev : rest).push(...group);
  return { test, dev, rest: shuffleWith(rest, makeRandomFromParts(seed, 'split-rest')) };
}

function validateSplitOptions(o: Record<string, number>): void {
  for (const [name, value] of Object.entries(o)) {
    if (!Number.isFinite(value) || value < 0) throw new SplitError(`${toSnake(name)} must be a number ≥ 0, got ${value}`);
  }
  if (o.rmRatio <= 0) throw new SplitError(`rm_ratio must be > 0 (the RM split holds the labeled seed and the pool), got ${o.rmRatio}`);
  if (o.testFraction + o.devFraction >= 1) {
    throw new SplitError(`test_fraction + dev_fraction must be < 1, got ${o.testFraction} + ${o.devFraction}`);
  }
  if (o.labeledFraction <= 0 || o.labeledFraction >= 1) {
    throw new SplitError(`labeled_fraction must be between 0 and 1 (exclusive), got ${o.labeledFraction}`);
  }
}

function toSnake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
