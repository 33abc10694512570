// HAND-WRITTEN run folders of test/fixtures/workflows/d-blocks.yaml (a parallel state `ens` with branches
// left/right, then `score` fanned out over 3 members), in the layout the engine writes for issue #11: events
// keep `state` = the state id (`score[1]`, a branch state's name), steps/<state id>/<visit>/, and several
// `state-entered` without a result while a block runs. The runtime that writes them lands on another branch
// of #11; once merged, these fixtures should be replaced by real runs of d-blocks.yaml.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { getProjectRoot } from '../../../engine/load/project-root.js';

export const BLOCKS_WORKFLOW_FILE = join(getProjectRoot(), 'test', 'fixtures', 'workflows', 'd-blocks.yaml');

const T0 = Date.parse('2025-01-02T03:04:05Z');

export interface BlockVisit {
  state: string;
  outputs?: Record<string, unknown>;
  progress?: { current: number; total?: number; message?: string };
}

/** `phase`: where the run is — inside `ens` (both branches' first states running), inside `score` (members 0 and 1 running), or done. */
export function writeBlockRun(dir: string, phase: 'ens' | 'score' | 'done', id = `blocks-${phase}`): string {
  const visits: BlockVisit[] = [{ state: 'prep', outputs: { value: 2 } }];
  if (phase === 'ens') {
    visits.push({ state: 'train_left', progress: { current: 2, total: 5, message: 'left' } }, { state: 'train_right', progress: { current: 4, total: 5, message: 'right' } });
  } else {
    visits.push({ state: 'train_left', outputs: { value: 3 } }, { state: 'train_right', outputs: { value: 5 } }, { state: 'score_left', outputs: { value: 4 } });
    if (phase === 'score') {
      visits.push({ state: 'score[0]', progress: { current: 1, total: 4, message: 'member 0' } }, { state: 'score[1]', progress: { current: 3, total: 4, message: 'member 1' } });
      visits.push({ state: 'score[2]', outputs: { value: 3 } });
    } else {
      visits.push({ state: 'score[0]', outputs: { value: 1 } }, { state: 'score[1]', outputs: { value: 2 } }, { state: 'score[2]', outputs: { value: 3 } });
    }
  }
  const value = phase === 'ens' ? { ens: { left: 'train_left', right: 'train_right' } } : phase === 'score' ? { score: { m0: 'run', m1: 'run', m2: 'done' } } : 'done';
  return writeBlockRunFolder({ dir, id, visits, value, status: phase === 'done' ? 'done' : 'running' });
}

export function writeBlockRunFolder(options: { dir: string; id: string; visits: BlockVisit[]; value: unknown; status: string }): string {
  const { dir, id, visits, value, status } = options;
  const text = readFileSync(BLOCKS_WORKFLOW_FILE, 'utf8');
  const workflow = parse(text) as Record<string, unknown>;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'workflow.yaml'), text);
  const plugin = { name: 'r-add', version: '1.0.0', hash: 'x', dir: '/plugins/r-add' };
  writeFileSync(join(dir, 'resolved.json'), JSON.stringify({ id, file: BLOCKS_WORKFLOW_FILE, workflow, params: { members: 3 }, plugins: {}, created_at: new Date(T0).toISOString() }));
  let t = T0;
  const runEvents: Record<string, unknown>[] = [{ type: 'run-started', run_id: id, resumed: false, t }];
  const visitCounts: Record<string, number> = {};
  for (const spec of visits) {
    const visitDir = join(dir, 'steps', spec.state, '0');
    mkdirSync(join(visitDir, 'attempt-1'), { recursive: true });
    t += 1000;
    runEvents.push({ type: 'state-entered', state: spec.state, visit: 0, t }, { type: 'attempt-started', state: spec.state, visit: 0, attempt: 1, t });
    // A first event stamps the visit's start (views order visits by it).
    const events = [{ type: 'log', t, level: 'info', message: 'started' }, ...(spec.progress ? [{ type: 'progress', t: t + 500, ...spec.progress }] : [])];
    writeFileSync(join(visitDir, 'attempt-1', 'events.jsonl'), events.map((e) => JSON.stringify(e) + '\n').join(''));
    if (!spec.outputs) continue;
    visitCounts[spec.state] = 1;
    runEvents.push({ type: 'attempt-finished', state: spec.state, visit: 0, attempt: 1, ok: true, duration_ms: 2000, t: t + 2000 });
    writeFileSync(
      join(visitDir, 'result.json'),
      JSON.stringify({ state: spec.state, visit: 0, attempt: 1, plugin, inputs: {}, outputs: spec.outputs, finished_at: new Date(t + 2000).toISOString() }),
    );
  }
  if (status === 'done') {
    visitCounts.ens = 1;
    visitCounts.score = 1;
    runEvents.push({ type: 'run-finished', status, t: (t += 5000) });
  }
  writeFileSync(join(dir, 'events.jsonl'), runEvents.map((e) => JSON.stringify(e) + '\n').join(''));
  const finished = status === 'running' ? {} : { finished_at: new Date(t).toISOString() };
  writeFileSync(join(dir, 'run.json'), JSON.stringify({ id, workflow: 'd-blocks', status, started_at: new Date(T0).toISOString(), updated_at: new Date(t).toISOString(), resumes: 0, ...finished }));
  const states = status === 'done' ? { prep: { outputs: { value: 2 } }, score: { outputs: { value: [1, 2, 3] } } } : {};
  writeFileSync(join(dir, 'snapshot.json'), JSON.stringify({ status: status === 'done' ? 'done' : 'active', value, context: { params: { members: 3 }, visits: visitCounts, states } }));
  return dir;
}
