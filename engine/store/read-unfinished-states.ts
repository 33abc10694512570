import { isRecord, readJsonIfPresentSync, readJsonLinesSync } from './read-json.js';
import { getRunPaths, getVisitPaths } from './run-paths.js';

/**
 * The state ids whose latest `state-entered` visit has no result yet, in the order they were entered: the
 * states running now in a live run (several inside a parallel or for_each block), or interrupted ones.
 * A visit that failed for good has no result either; callers keep only those the snapshot is still in.
 */
export function readUnfinishedStates(runDir: string): string[] {
  const entered = new Map<string, number>();
  for (const event of readJsonLinesSync(getRunPaths(runDir).events)) {
    if (event.type !== 'state-entered' || typeof event.state !== 'string' || typeof event.visit !== 'number') continue;
    entered.delete(event.state);
    entered.set(event.state, event.visit);
  }
  return [...entered].filter(([state, visit]) => {
    const result = readJsonIfPresentSync<unknown>(getVisitPaths(runDir, state, visit).result);
    return !(isRecord(result) && isRecord(result.outputs));
  }).map(([state]) => state);
}
