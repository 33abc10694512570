import type { LearningStatus } from './select-pairs.js';

export type ConvergenceReason = 'stop-status' | 'max-loops' | 'plateau' | 'continue';

export interface ConvergenceOptions {
  status: LearningStatus;
  /** 0-based index of the SER loop that just finished. */
  loop: number;
  maxLoops: number;
  /** Dev accuracy after each RM so far, oldest first (seed RM first). */
  devHistory?: readonly number[];
  /** An improvement smaller than this does not count. */
  minDelta?: number;
  /** Stop after this many loops in a row without an improvement of minDelta over the best before them. */
  patience?: number;
}

/** Decides whether the SER loop ends; the first reason that applies wins, in the order stop, max-loops, plateau. */
export function checkConvergence(options: ConvergenceOptions): { converged: boolean; reason: ConvergenceReason } {
  const { status, loop, maxLoops, devHistory = [], minDelta = 0.001, patience = 1 } = options;
  if (status === 'stop') return { converged: true, reason: 'stop-status' };
  if (loop + 1 >= maxLoops) return { converged: true, reason: 'max-loops' };
  if (isPlateau(devHistory, minDelta, patience)) return { converged: true, reason: 'plateau' };
  return { converged: false, reason: 'continue' };
}

function isPlateau(history: readonly number[], minDelta: number, patience: number): boolean {
  if (patience < 1 || history.length < patience + 1) return false;
  for (let i = history.length - patience; i < history.length; i++) {
    const bestBefore = Math.max(...history.slice(0, i));
    if (history[i] - bestBefore >= minDelta) return false;
  }
  return true;
}
