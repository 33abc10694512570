import type { RunData } from './run-data.js';

/** state → number of visits that started (a folder exists), for graph annotations. */
export function getVisitCounts(run: RunData): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [state, visits] of Object.entries(run.visits)) if (visits.length) counts[state] = visits.length;
  return counts;
}
