import { readJsonIfPresentSync } from '../store/read-json.js';
import { readRedriveAfter } from '../store/redrive-mark.js';
import { getAttemptPaths, listAttemptNumbers } from '../store/run-paths.js';

/** What earlier attempts of a visit left behind (a resumed visit continues their numbering and budget). */
export interface VisitHistory {
  lastAttempt: number;
  /** Attempts that ended in failure; cancelled or interrupted ones do not use up the retry budget. */
  failures: number;
}

export function readVisitHistory(visitDir: string): VisitHistory {
  const attempts = listAttemptNumbers(visitDir);
  // A redriven visit starts a fresh retry budget; its earlier attempts stay recorded.
  const redriveAfter = readRedriveAfter(visitDir);
  const failures = attempts.filter((n) => {
    if (n <= redriveAfter) return false;
    const outcome = readJsonIfPresentSync<{ ok: boolean; cancelled?: boolean }>(getAttemptPaths(visitDir, n).outcome);
    return outcome !== undefined && !outcome.ok && !outcome.cancelled;
  }).length;
  return { lastAttempt: attempts.at(-1) ?? 0, failures };
}
