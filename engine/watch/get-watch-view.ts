// What `watch` shows, derived from a read-only RunData: pure, so it is tested without timers.
import type { RunData, VisitRecord } from '../report/run-data.js';

export interface WatchStep {
  state: string;
  visit: number;
  attempts: number;
  finished: boolean;
  progress?: VisitRecord['progress'];
}

export interface WatchView {
  id: string;
  workflow: string;
  status: string;
  current?: string;
  final?: string;
  startedAt?: number;
  finishedAt?: number;
  /** state → visits started, with the state's max_visits when it has one. */
  visits: { state: string; count: number; max?: number }[];
  /** The newest visit of each state, unfinished ones first. */
  steps: WatchStep[];
  /** Latest value of each metric, newest visit first, as `state.name`. */
  metrics: { name: string; value: number; step?: number }[];
  /** Grid trials by status, when the run is a grid. */
  trials?: Record<string, number>;
  /** Each running grid trial's current state and its newest step. */
  runningTrials?: { id: string; current?: string; step?: WatchStep }[];
}

const MAX_METRICS = 12;
const TERMINAL = new Set(['done', 'failed', 'cancelled']);

export function isFinishedStatus(status: string): boolean {
  return TERMINAL.has(status);
}

export function getWatchView(run: RunData): WatchView {
  const steps: WatchStep[] = [];
  const metrics: WatchView['metrics'] = [];
  const latest = Object.entries(run.visits)
    .map(([state, visits]) => ({ state, visit: visits.at(-1) }))
    .filter((entry): entry is { state: string; visit: VisitRecord } => entry.visit !== undefined)
    .sort((a, b) => (b.visit.startedAt ?? 0) - (a.visit.startedAt ?? 0));
  for (const { state, visit } of latest) {
    steps.push({ state, visit: visit.visit, attempts: visit.attempts, finished: visit.outputs !== undefined, progress: visit.progress });
    const seen = new Set<string>();
    for (const metric of [...visit.metrics].reverse()) {
      if (seen.has(metric.name) || metrics.length >= MAX_METRICS) continue;
      seen.add(metric.name);
      metrics.push({ name: `${state}.${metric.name}`, value: metric.value, step: metric.step });
    }
  }
  steps.sort((a, b) => Number(a.finished) - Number(b.finished));
  const runningTrials = run.trials
    .filter((t) => !isFinishedStatus(t.status))
    .map((t) => ({ id: t.id, current: t.current, step: getWatchView(t).steps[0] }));
  const trials = run.trials.length
    ? run.trials.reduce<Record<string, number>>((counts, t) => ({ ...counts, [t.status]: (counts[t.status] ?? 0) + 1 }), {})
    : undefined;
  return {
    id: run.id,
    workflow: run.workflow.name,
    status: run.status,
    current: run.current,
    final: run.final,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    visits: Object.entries(run.visits).map(([state, visits]) => ({ state, count: visits.length, max: run.workflow.states[state]?.max_visits })),
    steps,
    metrics,
    trials,
    ...(runningTrials.length ? { runningTrials } : {}),
  };
}
