import { mkdirSync } from 'node:fs';
import { readJsonIfPresentSync } from './read-json.js';
import { getVisitFolderPaths, getVisitPaths } from './run-paths.js';
import { writeJsonAtomic } from './write-json.js';

/** `redrive.json` in a visit folder: a resume re-entered this failed visit with a fresh retry budget. */
interface RedriveMark {
  /** Attempts up to this number stay recorded but no longer count as failures against max_attempts. */
  after_attempt: number;
  at: string;
}

export function writeRedriveMark(runDir: string, state: string, visit: number, afterAttempt: number): void {
  const paths = getVisitPaths(runDir, state, visit);
  mkdirSync(paths.dir, { recursive: true });
  writeJsonAtomic(paths.redrive, { after_attempt: afterAttempt, at: new Date().toISOString() } satisfies RedriveMark);
}

/** The attempt number after which the retry budget starts again (0: never redriven). */
export function readRedriveAfter(visitDir: string): number {
  const mark = readJsonIfPresentSync<RedriveMark>(getVisitFolderPaths(visitDir).redrive);
  return typeof mark?.after_attempt === 'number' ? mark.after_attempt : 0;
}
