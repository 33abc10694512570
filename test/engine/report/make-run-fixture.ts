// Writes run folders in the layout engine/store produces, so report, graph and watch can be tested
// without running plugins. Times are fixed so the output is deterministic.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

export const LOOP_WORKFLOW = {
  name: 'loop-demo',
  description: 'a loop with a branch',
  params: { rounds: { type: 'integer', default: 3 }, tau: { type: 'number', default: 0.9 }, mode: { type: 'string', default: 'a' } },
  start: 'prep',
  states: {
    prep: { step: 'prep-data', next: 'train' },
    train: { step: 'train-model', max_visits: 5, next: 'evaluate' },
    evaluate: { step: 'evaluate-model', max_visits: 5, next: 'select' },
    select: {
      step: 'select-pairs',
      max_visits: 5,
      on_exhausted: 'tune',
      on_error: 'failed',
      next: [{ if: '${{ outputs.admitted > 0 }}', next: 'train' }, { next: 'tune' }],
    },
    tune: { step: 'tune-policy', next: 'done' },
  },
  grid: { matrix: { tau: [0.8, 0.9], mode: ['a', 'b'] }, metric: { name: 'evaluate.accuracy', goal: 'maximize' } },
  report: {
    summary: ['train.backend'],
    charts: [
      { title: 'Accuracy per loop', series: [{ output: 'evaluate.accuracy', label: 'loop' }], baselines: true },
      { title: 'Admitted pairs', kind: 'bar', series: [{ output: 'select.admitted' }, { output: 'select.status1', label: 'status 1' }] },
      { title: 'Tuning curves', series: [{ metric: 'tune.reward' }, { metric: 'tune.kl' }] },
      { title: 'Never produced', series: [{ output: 'evaluate.nothing' }] },
    ],
    heatmap: { metric: 'evaluate.accuracy', x: 'tau', y: 'mode' },
  },
} as const;

export interface VisitSpec {
  state: string;
  outputs?: Record<string, unknown>;
  metrics?: { name: string; value: number; step?: number }[];
  progress?: { current: number; total?: number; message?: string };
}

export interface RunFixtureOptions {
  dir: string;
  id: string;
  workflow?: Record<string, unknown>;
  params?: Record<string, unknown>;
  status?: 'running' | 'done' | 'failed' | 'cancelled';
  /** The snapshot's state value (`done`, or a state name while running). */
  value?: string;
  visits: VisitSpec[];
  /** Leave the grid section out (a trial's own workflow has none). */
  withoutGrid?: boolean;
}

const T0 = Date.parse('2025-01-02T03:04:05Z');

export function writeRunFixture(options: RunFixtureOptions): string {
  const { dir, id, status = 'done', value = 'done', visits } = options;
  const source = { ...(options.workflow ?? LOOP_WORKFLOW) } as Record<string, unknown>;
  if (options.withoutGrid) delete source.grid;
  const workflow = source as { params?: Record<string, { default?: unknown }>; states: Record<string, { step: string }> };
  const params = options.params ?? Object.fromEntries(Object.entries(workflow.params ?? {}).map(([k, p]) => [k, p.default]));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'workflow.yaml'), `# yaml-language-server: $schema=../../schemas/workflow.schema.json\n${stringify(source)}`);
  const plugins = Object.fromEntries(
    Object.entries(workflow.states).map(([state, s]) => [state, { name: s.step, version: '1.2.3', hash: 'x', dir: '/plugins/' + s.step }]),
  );
  writeFileSync(join(dir, 'resolved.json'), JSON.stringify({ id, file: '/w.yaml', workflow: source, params, plugins, created_at: new Date(T0).toISOString() }));
  const counts: Record<string, number> = {};
  let t = T0;
  for (const spec of visits) {
    const visit = counts[spec.state] ?? 0;
    counts[spec.state] = visit + 1;
    const visitDir = join(dir, 'steps', spec.state, String(visit));
    mkdirSync(join(visitDir, 'attempt-1'), { recursive: true });
    const events = [
      ...(spec.progress ? [{ type: 'progress', t: (t += 1000), ...spec.progress }] : []),
      ...(spec.metrics ?? []).map((m) => ({ type: 'metric', t: (t += 10), ...m })),
    ];
    writeFileSync(join(visitDir, 'attempt-1', 'events.jsonl'), events.map((e) => JSON.stringify(e) + '\n').join(''));
    if (spec.outputs) {
      t += 60_000;
      writeFileSync(
        join(visitDir, 'result.json'),
        JSON.stringify({ state: spec.state, visit, attempt: 1, plugin: plugins[spec.state], inputs: {}, outputs: spec.outputs, finished_at: new Date(t).toISOString() }),
      );
    }
  }
  const finished = status === 'running' ? {} : { finished_at: new Date(t + 1000).toISOString() };
  writeFileSync(
    join(dir, 'run.json'),
    JSON.stringify({ id, workflow: source.name, status, started_at: new Date(T0).toISOString(), updated_at: new Date(t).toISOString(), resumes: 0, ...finished }),
  );
  writeFileSync(join(dir, 'snapshot.json'), JSON.stringify({ status: value === 'done' ? 'done' : 'active', value, context: { visits: counts } }));
  return dir;
}

/** A finished three-loop run: accuracy rises, admitted pairs shrink, and the tuning step logs curves. */
export function writeLoopRun(dir: string, id: string, accuracy = [0.61, 0.66, 0.7]): string {
  const visits: VisitSpec[] = [{ state: 'prep', outputs: { pairs: 100 } }];
  accuracy.forEach((acc, i) => {
    visits.push({ state: 'train', outputs: { backend: 'wasm', loss: 0.6 - i * 0.05 } });
    visits.push({ state: 'evaluate', outputs: { accuracy: acc } });
    visits.push({ state: 'select', outputs: { admitted: 30 - i * 10, status1: 20 - i * 5 } });
  });
  const curve = Array.from({ length: 8 }, (_, step) => step);
  visits.push({
    state: 'tune',
    outputs: { reward: 0.4 },
    metrics: [...curve.map((step) => ({ name: 'reward', value: 0.1 + step * 0.04, step })), ...curve.map((step) => ({ name: 'kl', value: step * 0.01, step }))],
  });
  return writeRunFixture({ dir, id, visits });
}

/** A run with a single evaluate visit, as a baseline workflow would leave. */
export function writeBaselineRun(dir: string, id: string, accuracy: number): string {
  return writeRunFixture({ dir, id, visits: [{ state: 'prep', outputs: { pairs: 100 } }, { state: 'evaluate', outputs: { accuracy } }], withoutGrid: true });
}

/** A grid parent with one finished trial per matrix cell of LOOP_WORKFLOW (tau × mode) and trials.json. */
export function writeGridRun(dir: string, id: string, accuracyOf: (tau: number, mode: string) => number): string {
  writeRunFixture({ dir, id, visits: [] });
  const trials: Record<string, unknown>[] = [];
  let index = 0;
  for (const tau of [0.8, 0.9]) {
    for (const mode of ['a', 'b']) {
      const trialDir = join(dir, 'trials', String(index));
      const params = { rounds: 3, tau, mode };
      writeRunFixture({
        dir: trialDir,
        id: `${id}-t${index}`,
        params,
        withoutGrid: true,
        visits: [{ state: 'prep', outputs: { pairs: 10 } }, { state: 'evaluate', outputs: { accuracy: accuracyOf(tau, mode) } }],
      });
      trials.push({ index, matrix: { tau, mode }, params, dir: `trials/${index}`, run_id: `${id}-t${index}`, status: 'done' });
      index += 1;
    }
  }
  writeFileSync(join(dir, 'trials.json'), JSON.stringify({ run_id: id, grid: LOOP_WORKFLOW.grid, trials }));
  return dir;
}
