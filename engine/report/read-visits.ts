// Reads `steps/<state>/<visit>/` folders: result.json and each attempt's events.jsonl.
import { stat } from 'node:fs/promises';
import type { MetricPoint, VisitRecord } from './run-data.js';
import { isRecord, readJsonIfPresent, readJsonLines } from '../store/read-json.js';
import { getAttemptPaths, getVisitPaths, listAttemptNumbers, listStepStates, listVisitNumbers } from '../store/run-paths.js';
import { getTime } from './get-time.js';

async function readVisit(runDir: string, state: string, visit: number): Promise<VisitRecord> {
  const { dir, result: resultFile } = getVisitPaths(runDir, state, visit);
  const attemptNumbers = listAttemptNumbers(dir);
  const record: VisitRecord = { visit, attempts: attemptNumbers.length, metrics: [] };
  for (const n of attemptNumbers) {
    const attempt = getAttemptPaths(dir, n);
    const started = await stat(attempt.dir).catch(() => undefined);
    if (record.startedAt === undefined && started) record.startedAt = started.birthtimeMs || started.mtimeMs;
    for (const event of await readJsonLines(attempt.events)) {
      const t = getTime(event.t);
      if (event.type === 'metric' && typeof event.name === 'string' && typeof event.value === 'number') {
        const point: MetricPoint = { name: event.name, value: event.value, t };
        if (typeof event.step === 'number') point.step = event.step;
        record.metrics.push(point);
      } else if (event.type === 'progress' && typeof event.current === 'number') {
        record.progress = {
          current: event.current,
          total: typeof event.total === 'number' ? event.total : undefined,
          message: typeof event.message === 'string' ? event.message : undefined,
          t,
        };
      }
      if (t !== undefined && (record.startedAt === undefined || t < record.startedAt)) record.startedAt = t;
    }
  }
  const result = await readJsonIfPresent(resultFile);
  if (isRecord(result)) {
    record.outputs = isRecord(result.outputs) ? result.outputs : {};
    const finished = getTime(result.finished_at ?? result.finishedAt);
    record.finishedAt = finished ?? (await stat(resultFile).catch(() => undefined))?.mtimeMs;
  }
  return record;
}

/** state → visits (sorted by visit number) for every state folder under `steps/`. */
export async function readVisits(runDir: string): Promise<Record<string, VisitRecord[]>> {
  const visits: Record<string, VisitRecord[]> = {};
  for (const state of listStepStates(runDir)) {
    visits[state] = await Promise.all(listVisitNumbers(runDir, state).map((n) => readVisit(runDir, state, n)));
  }
  return visits;
}
