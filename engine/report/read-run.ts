// Loads a run folder for viewing. Strictly read-only: no lock, no writes, so it is safe beside a live run.
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import type { Workflow } from '../../schemas/workflow-types.js';
import type { RunData } from './run-data.js';
import { isRecord, readJsonIfPresent } from '../store/read-json.js';
import { getSnapshotState } from '../store/get-snapshot-state.js';
import { readUnfinishedStates } from '../store/read-unfinished-states.js';
import { getRunPaths } from '../store/run-paths.js';
import { getRunningStates } from '../validate/workflow-view.js';
import { getTime } from './get-time.js';
import { readVisits } from './read-visits.js';

const FINAL_STATES = new Set(['done', 'failed']);

function getDefaultParams(workflow: Workflow): Record<string, unknown> {
  return Object.fromEntries(Object.entries(workflow.params ?? {}).map(([name, p]) => [name, p.default]));
}

function getPlugins(resolved: Record<string, unknown>): RunData['plugins'] {
  const plugins: RunData['plugins'] = {};
  const source = isRecord(resolved.plugins) ? resolved.plugins : {};
  for (const [state, value] of Object.entries(source)) {
    if (!isRecord(value) || typeof value.name !== 'string') continue;
    plugins[state] = {
      name: value.name,
      version: typeof value.version === 'string' ? value.version : undefined,
      implementation: typeof value.implementation === 'string' ? value.implementation : undefined,
    };
  }
  return plugins;
}

async function readWorkflow(dir: string, resolved: Record<string, unknown>): Promise<Workflow> {
  const text = await readFile(getRunPaths(dir).workflow, 'utf8').catch(() => undefined);
  if (text !== undefined) return parse(text) as Workflow;
  if (isRecord(resolved.workflow)) return resolved.workflow as unknown as Workflow;
  throw new Error(
    `${dir} is not a ser-flow run folder: it has neither workflow.yaml nor resolved.json; pass a folder under runs/ or a run id`,
  );
}

/** Matrix combination per trial folder name, from the grid's `trials.json` (when the grid wrote one). */
async function readTrialMatrices(dir: string): Promise<Map<string, Record<string, unknown>>> {
  const file = await readJsonIfPresent(getRunPaths(dir).trialsFile);
  const matrices = new Map<string, Record<string, unknown>>();
  if (!isRecord(file) || !Array.isArray(file.trials)) return matrices;
  for (const trial of file.trials) {
    if (isRecord(trial) && isRecord(trial.matrix)) matrices.set(String(trial.index), trial.matrix);
  }
  return matrices;
}

async function readTrials(dir: string): Promise<RunData[]> {
  const trialsDir = getRunPaths(dir).trials;
  const names = await readdir(trialsDir).catch(() => [] as string[]);
  const ordered = names.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const matrices = await readTrialMatrices(dir);
  const trials: RunData[] = [];
  for (const name of ordered) {
    const trialDir = join(trialsDir, name);
    if (!(await stat(trialDir).catch(() => undefined))?.isDirectory()) continue;
    // A trial that has not started yet has no run files; it simply is not shown.
    const trial = await readRun(trialDir).catch(() => undefined);
    if (!trial) continue;
    trial.matrix = matrices.get(name);
    trials.push(trial);
  }
  return trials;
}

/** Reads everything a view needs from `dir` (a run folder, or a grid trial folder). */
export async function readRun(dir: string): Promise<RunData> {
  const resolvedValue = await readJsonIfPresent(getRunPaths(dir).resolved);
  const resolved = isRecord(resolvedValue) ? resolvedValue : {};
  const workflow = await readWorkflow(dir, resolved);
  const runValue = await readJsonIfPresent(getRunPaths(dir).record);
  const run = isRecord(runValue) ? runValue : {};
  const visits = await readVisits(dir);
  const snapshotState = getSnapshotState(await readJsonIfPresent(getRunPaths(dir).snapshot));
  const unfinished = readUnfinishedStates(dir);
  const status = typeof run.status === 'string' ? run.status : 'unknown';
  let current = snapshotState && !FINAL_STATES.has(snapshotState) ? snapshotState : undefined;
  let final = snapshotState && FINAL_STATES.has(snapshotState) ? snapshotState : undefined;
  if (!snapshotState) {
    // No snapshot yet: the newest unfinished visit is where the run is.
    current = Object.entries(visits).find(([, list]) => list.some((v) => !v.outputs))?.[0];
  }
  if (!final && (status === 'done' || status === 'failed')) {
    final = status;
    current = status === 'done' ? undefined : current;
  }
  const running = current && !final ? getRunningStates(workflow, snapshotState, unfinished) : [];
  const params = isRecord(resolved.params) ? resolved.params : getDefaultParams(workflow);
  return {
    dir,
    id: typeof run.id === 'string' ? run.id : typeof resolved.id === 'string' ? resolved.id : basename(dir),
    workflow,
    params,
    status,
    startedAt: getTime(run.started_at ?? run.startedAt),
    finishedAt: getTime(run.finished_at ?? run.finishedAt),
    current,
    ...(running.length ? { running } : {}),
    final,
    visits,
    plugins: getPlugins(resolved),
    trials: await readTrials(dir),
  };
}
