// What `watch` shows, derived from a read-only RunData: pure, so it is tested without timers.
import type { RunData, VisitRecord } from '../report/run-data.js';
import { getBlockName, getBlockPosition } from '../validate/workflow-view.js';

export interface WatchStep {
  state: string;
  visit: number;
  attempts: number;
  finished: boolean;
  progress?: VisitRecord['progress'];
  /** The parallel or for_each state this member or branch state runs in. */
  block?: string;
}

export interface WatchView {
  id: string;
  workflow: string;
  status: string;
  current?: string;
  /** Every state id running now, when the run is inside a parallel or for_each state. */
  running?: string[];
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
    const block = getBlockName(run.workflow, state);
    steps.push({ state, visit: visit.visit, attempts: visit.attempts, finished: visit.outputs !== undefined, progress: visit.progress, ...(block ? { block } : {}) });
    const seen = new Set<string>();
    for (const metric of [...visit.metrics].reverse()) {
      if (seen.has(metric.name) || metrics.length >= MAX_METRICS) continue;
      seen.add(metric.name);
      metrics.push({ name: `${state}.${metric.name}`, value: metric.value, step: metric.step });
    }
  }
  steps.sort((a, b) => Number(a.finished) - Number(b.finished));
  // A block's members and branch states stay together where the first of them shows: running ones first, then by
  // member index or branch (branches run at once, so the order they started in is a race).
  const blockStart = new Map<string, number>();
  steps.forEach((step, i) => step.block && !blockStart.has(step.block) && blockStart.set(step.block, i));
  const grouped = steps
    .map((step, i) => ({ step, i, group: step.block ? blockStart.get(step.block)! : i }))
    .sort((a, b) => a.group - b.group || Number(a.step.finished) - Number(b.step.finished) || getBlockPosition(run.workflow, a.step.state) - getBlockPosition(run.workflow, b.step.state) || a.i - b.i)
    .map(({ step }) => step);
  const runningTrials = run.trials
    .filter((t) => !isFinishedStatus(t.status))
    .map((t) => ({ id: t.id, current: t.current, step: getWatchView(t).steps[0] }));
  const blockOf = (state: string) => run.workflow.states[getBlockName(run.workflow, state) ?? state];
  const trials = run.trials.length
    ? run.trials.reduce<Record<string, number>>((counts, t) => ({ ...counts, [t.status]: (counts[t.status] ?? 0) + 1 }), {})
    : undefined;
  return {
    id: run.id,
    workflow: run.workflow.name,
    status: run.status,
    current: run.current,
    ...(run.running?.some((id) => id !== run.current) ? { running: run.running } : {}),
    final: run.final,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    // A member or branch state is bounded by its block's max_visits.
    visits: Object.entries(run.visits).map(([state, visits]) => ({ state, count: visits.length, max: blockOf(state)?.max_visits })),
    steps: grouped,
    metrics,
    trials,
    ...(runningTrials.length ? { runningTrials } : {}),
  };
}
