import { isRecord, readJsonIfPresentSync } from './read-json.js';
import { getVisitPaths, listStepStates, listVisitNumbers } from './run-paths.js';

/**
 * state → outputs of its latest finished visit, from `steps/<state>/<visit>/result.json`. A visit reused from
 * the step cache records its outputs there too, so cached and executed steps read alike.
 */
export function readLatestStepOutputs(runDir: string): Record<string, Record<string, unknown>> {
  const latest: Record<string, Record<string, unknown>> = {};
  for (const state of listStepStates(runDir)) {
    for (const visit of listVisitNumbers(runDir, state).reverse()) {
      const result = readJsonIfPresentSync<unknown>(getVisitPaths(runDir, state, visit).result);
      if (isRecord(result) && isRecord(result.outputs)) {
        latest[state] = result.outputs;
        break;
      }
    }
  }
  return latest;
}
