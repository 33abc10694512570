import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { isRecord, readJsonIfPresentSync } from './read-json.js';
import { getRunPaths, getVisitNumber, getVisitPaths } from './run-paths.js';

function listNames(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * state → outputs of its latest finished visit, from `steps/<state>/<visit>/result.json`. A visit reused from
 * the step cache records its outputs there too, so cached and executed steps read alike.
 */
export function readLatestStepOutputs(runDir: string): Record<string, Record<string, unknown>> {
  const latest: Record<string, Record<string, unknown>> = {};
  for (const state of listNames(getRunPaths(runDir).steps).sort()) {
    const visits = listNames(dirname(getVisitPaths(runDir, state, 0).dir))
      .map(getVisitNumber)
      .filter((n): n is number => n !== undefined)
      .sort((a, b) => b - a);
    for (const visit of visits) {
      const result = readJsonIfPresentSync<unknown>(getVisitPaths(runDir, state, visit).result);
      if (isRecord(result) && isRecord(result.outputs)) {
        latest[state] = result.outputs;
        break;
      }
    }
  }
  return latest;
}
