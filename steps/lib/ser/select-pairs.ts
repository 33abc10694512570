import type { AdmittedPair, LabeledPair, PairScore, PoolPair, SelectionRule } from '../data/records.js';
import { isStatus1, isStatus2, validateThresholds, type Thresholds } from './status-rules.js';
import { toTrainingPairs, type TargetOptions } from './to-training-pairs.js';

/**
 * `code`: one pass, admit every pair meeting Status 1 or Status 2 (microsoft/DKI_LLM rm_loop_filter_by_self.py).
 * `paper`: staged; Status 1 if at least nMin pairs meet it, else Status 2 if at least nMin do, else Stop.
 */
export type SelectionMode = 'code' | 'paper';
export type LearningStatus = SelectionRule | 'stop';

export interface SelectOptions {
  pool: readonly PoolPair[];
  scores: readonly PairScore[];
  thresholds: Thresholds;
  mode?: SelectionMode;
  /** Fewest qualifying pairs for a status to hold (paper mode), or to admit anything at all (code mode). */
  nMin?: number;
  /** Admit at most this many, the largest |pA − pB| first. */
  maxAdmit?: number;
  /** This SER loop's index, and the RM that scored the pool: both recorded on every admitted pair. */
  loop: number;
  rm: string;
  /** Training weight of a pseudo-labeled pair. */
  weight?: number;
  /** `confidence`: multiply each pair's weight by |p_chosen − p_rejected| (soft pseudo-labels). */
  weightBy?: 'constant' | 'confidence';
}

export interface Selection {
  status: LearningStatus;
  admitted: AdmittedPair[];
  /** The pool without the admitted pairs, in its original order. */
  remaining: PoolPair[];
  /** Pool pairs meeting each rule (a pair can meet both). */
  status1Count: number;
  status2Count: number;
}

/** Applies SER's learning-status rules to a scored pool; the higher-scored answer becomes chosen. */
export function selectPairs(options: SelectOptions): Selection {
  const { pool, scores, thresholds, mode = 'code', nMin = 1, maxAdmit, loop, rm, weight = 1, weightBy = 'constant' } = options;
  validateThresholds(thresholds);
  const byId = new Map(scores.map((s) => [s.id, s]));
  const meets1: Array<[PoolPair, PairScore]> = [];
  const meets2: Array<[PoolPair, PairScore]> = [];
  for (const pair of pool) {
    const score = byId.get(pair.id);
    if (!score) throw new Error(`pool pair "${pair.id}" has no score: score the same pool file that ser-select receives`);
    if (isStatus1(score.p_a, score.p_b, thresholds)) meets1.push([pair, score]);
    if (isStatus2(score.p_a, score.p_b, thresholds)) meets2.push([pair, score]);
  }
  const need = Math.max(1, nMin);
  let status: LearningStatus;
  let chosen: Array<[PoolPair, PairScore, SelectionRule]>;
  if (mode === 'paper') {
    status = meets1.length >= need ? 'status1' : meets2.length >= need ? 'status2' : 'stop';
    chosen = status === 'stop' ? [] : (status === 'status1' ? meets1 : meets2).map(([p, s]) => [p, s, status as SelectionRule]);
  } else {
    const in1 = new Set(meets1.map(([p]) => p.id));
    const union = pool.flatMap((p): Array<[PoolPair, PairScore, SelectionRule]> => {
      const s = byId.get(p.id)!;
      if (in1.has(p.id)) return [[p, s, 'status1']];
      return isStatus2(s.p_a, s.p_b, thresholds) ? [[p, s, 'status2']] : [];
    });
    status = union.length < need ? 'stop' : meets1.length > 0 ? 'status1' : 'status2';
    chosen = status === 'stop' ? [] : union;
  }
  if (maxAdmit !== undefined && chosen.length > maxAdmit) chosen = capByConfidence(chosen, maxAdmit);
  const admitted = chosen.map(([pair, score, rule]) =>
    toAdmitted({ pair, score, rule, loop, rm, weight: weightBy === 'confidence' ? weight * Math.abs(score.p_a - score.p_b) : weight }),
  );
  const taken = new Set(admitted.map((a) => a.id));
  return {
    status,
    admitted,
    remaining: pool.filter((p) => !taken.has(p.id)),
    status1Count: meets1.length,
    status2Count: meets2.length,
  };
}

/** Keeps the n most separated pairs, in their pool order. */
function capByConfidence<T extends [PoolPair, PairScore, SelectionRule]>(items: T[], n: number): T[] {
  const ranked = items.map((item, i) => ({ item, i, gap: Math.abs(item[1].p_a - item[1].p_b) }));
  ranked.sort((x, y) => y.gap - x.gap || x.i - y.i);
  return ranked.slice(0, n).sort((x, y) => x.i - y.i).map((r) => r.item);
}

function toAdmitted(o: { pair: PoolPair; score: PairScore; rule: SelectionRule; loop: number; rm: string; weight: number }): AdmittedPair {
  const aWins = o.score.p_a > o.score.p_b;
  return {
    id: o.pair.id,
    prompt: o.pair.prompt,
    chosen: aWins ? o.pair.a : o.pair.b,
    rejected: aWins ? o.pair.b : o.pair.a,
    weight: o.weight,
    source: 'self',
    loop: o.loop,
    rm: o.rm,
    p_chosen: aWins ? o.score.p_a : o.score.p_b,
    p_rejected: aWins ? o.score.p_b : o.score.p_a,
    rule: o.rule,
  };
}

export interface AccumulateOptions extends TargetOptions {
  /**
   * Re-label instead of accumulate: drop every earlier pseudo-labeled pair (source `self`) first, so this loop's
   * selection — made over the whole unlabeled pool, earlier admissions included — replaces it.
   */
  revise?: boolean;
}

/** The next training set: everything trained on so far plus this loop's pseudo-labels (the paper's D_f ∪ D_new). */
export function accumulateTraining(train: readonly LabeledPair[], admitted: readonly AdmittedPair[], options: AccumulateOptions = {}): LabeledPair[] {
  const kept = options.revise ? train.filter((p) => p.source !== 'self') : train;
  const seen = new Set(kept.map((p) => p.id));
  const added = toTrainingPairs(admitted, options).map((p): LabeledPair => {
    if (seen.has(p.id)) {
      const fix = options.revise ? 'a labeled pair is also in the pool' : 'pass ser-select the remaining pool of the previous loop (or set revise)';
      throw new Error(`pair "${p.id}" is already in the training set: ${fix}`);
    }
    return p;
  });
  return [...kept, ...added];
}
