// Reads `steps/<state>/<visit>/` folders: result.json and each attempt's events.jsonl.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { MetricPoint, VisitRecord } from './run-data.js';
import { getTime, isRecord, readJsonIfPresent, readJsonLines } from './read-json.js';

async function listDirs(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    return [];
  }
}

function getAttemptNumber(name: string): number | undefined {
  const match = /^attempt-(\d+)$/.exec(name);
  return match ? Number(match[1]) : undefined;
}

async function readVisit(dir: string, visit: number): Promise<VisitRecord> {
  const attemptNumbers = (await listDirs(dir))
    .map(getAttemptNumber)
    .filter((n): n is number => n !== undefined)
    .sort((a, b) => a - b);
  const record: VisitRecord = { visit, attempts: attemptNumbers.length, metrics: [] };
  for (const n of attemptNumbers) {
    const attemptDir = join(dir, `attempt-${n}`);
    const started = await stat(attemptDir).catch(() => undefined);
    if (record.startedAt === undefined && started) record.startedAt = started.birthtimeMs || started.mtimeMs;
    for (const event of await readJsonLines(join(attemptDir, 'events.jsonl'))) {
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
  const result = await readJsonIfPresent(join(dir, 'result.json'));
  if (isRecord(result)) {
    record.outputs = isRecord(result.outputs) ? result.outputs : {};
    const finished = getTime(result.finished_at ?? result.finishedAt);
    record.finishedAt = finished ?? (await stat(join(dir, 'result.json')).catch(() => undefined))?.mtimeMs;
  }
  return record;
}

/** state → visits (sorted by visit number) for every state folder under `steps/`. */
export async function readVisits(runDir: string): Promise<Record<string, VisitRecord[]>> {
  const stepsDir = join(runDir, 'steps');
  const visits: Record<string, VisitRecord[]> = {};
  for (const state of (await listDirs(stepsDir)).sort()) {
    const numbers = (await listDirs(join(stepsDir, state)))
      .filter((name) => /^\d+$/.test(name))
      .map(Number)
      .sort((a, b) => a - b);
    visits[state] = await Promise.all(numbers.map((n) => readVisit(join(stepsDir, state, String(n)), n)));
  }
  return visits;
}
