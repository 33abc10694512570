import { existsSync } from 'node:fs';
import type { Snapshot } from 'xstate';
import type { RunServices } from '../execute/step-services.js';
import type { ConsoleOptions } from '../log/run-logger.js';
import { readResolvedRun, type ResolvedRun } from '../store/resolved-run.js';
import type { RunContext } from '../compile/run-context.js';
import { readVisitHistory } from '../execute/visit-attempts.js';
import { writeRedriveMark } from '../store/redrive-mark.js';
import { RunFileError } from '../store/run-file-error.js';
import { getRunPaths, getVisitPaths } from '../store/run-paths.js';
import { readSnapshot } from '../store/run-snapshot.js';
import { readRunRecord, type RunRecord } from '../store/run-record.js';
import { getKillGraceMs } from './build-runtime.js';
import { loadFrozenWorkflow } from './load-frozen-workflow.js';
import { RunInputError } from './run-errors.js';
import { runSession, type RunSessionResult } from './run-session.js';
import { getResolvedPlugins } from './start-run.js';
import { getRedrivePoint, rebuildRecord, rebuildSnapshot, type EnteredVisit } from './rebuild-run-files.js';
import { getRunFanOuts } from './run-inputs.js';
import { getActiveStates } from '../compile/machine-layout.js';
import { makeStateSnapshot } from './state-snapshot.js';

/** Not resumed only when the run is already done. */
export type ResumeOutcome = { resumed: true; result: RunSessionResult } | { resumed: false; record: RunRecord };

/** Finds the run's plugins again, through its frozen workflow, and insists they are unchanged. */
async function reloadPlugins(resolved: ResolvedRun, runDir: string) {
  const loaded = await loadFrozenWorkflow(runDir, resolved.file, resolved.params, 'cannot resume');
  const found = getResolvedPlugins(loaded.plugins);
  const differences = Object.entries(resolved.plugins).flatMap(([state, was]) => {
    const now = found[state];
    if (!now) return [`state '${state}': plugin ${was.name} ${was.version} is no longer used by the workflow`];
    if (now.name !== was.name || now.version !== was.version || now.hash !== was.hash) {
      return [`state '${state}': recorded ${was.name} ${was.version} (hash ${was.hash.slice(0, 12)}, ${was.dir}), found ${now.name} ${now.version} (hash ${now.hash.slice(0, 12)}, ${now.dir})`];
    }
    return [];
  });
  if (differences.length > 0) {
    throw new RunInputError(`cannot resume: plugins changed since the run started (start a new run to use them):\n  ${differences.join('\n  ')}`);
  }
  return loaded.plugins;
}

interface ResumePoint {
  snapshot: Snapshot<unknown>;
  /** The top-level state a redrive re-enters, and the failed visits in it that get a fresh retry budget. */
  redrive?: { state: string; visits: EnteredVisit[] };
  /** What was rebuilt, for the run log. */
  notes: string[];
}

/**
 * Where a resume continues: the persisted snapshot (an interrupted or cancelled run is still in its state), a
 * failed run re-entered at the visit that failed (a redrive), and a damaged snapshot rebuilt from events.jsonl.
 */
function getResumePoint(runDir: string, resolved: ResolvedRun, record: RunRecord): ResumePoint {
  const notes: string[] = [];
  const { workflow } = resolved;
  const fanOuts = getRunFanOuts(workflow, resolved.params);
  const read = readSnapshot(runDir);
  let snapshot: Snapshot<unknown>;
  if ('problem' in read) {
    snapshot = rebuildSnapshot(runDir, resolved, fanOuts);
    notes.push(`${getRunPaths(runDir).snapshot}: ${read.problem}; rebuilt from events.jsonl and the steps' result.json`);
  } else {
    snapshot = read.snapshot;
  }
  const persisted = snapshot as unknown as { status: string; value: unknown; context: RunContext };
  if (persisted.status === 'done' && persisted.value === 'failed') {
    const point = getRedrivePoint(runDir, workflow, fanOuts, persisted.context);
    if (!point) {
      throw new RunInputError(
        `cannot redrive ${runDir}: no step failed (${record.error ?? persisted.context.error ?? 'the workflow went to failed'}); the workflow itself ended in failed, ` +
          'so a redrive would end the same way; fix the workflow and start a new run (steps that succeeded are reused from the step cache)',
      );
    }
    return { snapshot: makeStateSnapshot(workflow, fanOuts, point.state, point.context), notes, redrive: { state: point.state, visits: point.unfinished } };
  }
  const current = snapshot as unknown as { status: string; value: unknown; context: RunContext };
  if (record.status !== 'failed' || current.status !== 'active') return { snapshot, notes };
  // Failed while still in a state (the engine stopped on an error): its running steps get a fresh budget.
  const active = getActiveStates(workflow, current.value, current.context);
  const top = active[0];
  // A block comes first, then the steps running in it.
  return top ? { snapshot, notes, redrive: { state: top.state, visits: active.length === 1 ? active : active.slice(1) } } : { snapshot, notes };
}

/** run.json, or, when it is damaged, the record rebuilt from resolved.json and events.jsonl. */
function readOrRebuildRecord(runDir: string, resolved: ResolvedRun, notes: string[]): RunRecord {
  try {
    return readRunRecord(runDir);
  } catch (error) {
    if (!(error instanceof RunFileError)) throw error;
    notes.push(`${error.message.split(';')[0]}; rebuilt from resolved.json and events.jsonl`);
    return rebuildRecord(runDir, resolved);
  }
}

/**
 * Continues a run: an interrupted or cancelled one from snapshot.json, a failed one by re-entering the visit
 * that failed with a fresh retry budget (a redrive). Finished visits are reused from their result.json.
 */
export async function resumeRun(runDir: string, options: { console?: ConsoleOptions; services: RunServices; verbose?: boolean }): Promise<ResumeOutcome> {
  const killGraceMs = getKillGraceMs();
  const paths = getRunPaths(runDir);
  if (!existsSync(paths.resolved)) {
    throw new RunInputError(`cannot resume ${runDir}: it has no resolved.json (the run stopped before its first state); start it again with ser-flow run`);
  }
  const resolved = readResolvedRun(runDir);
  const notes: string[] = [];
  const record = readOrRebuildRecord(runDir, resolved, notes);
  if (record.status === 'done') return { resumed: false, record };
  const point = getResumePoint(runDir, resolved, record);
  const plugins = await reloadPlugins(resolved, runDir);
  const { redrive } = point;
  const result = await runSession({
    verbose: options.verbose ?? false,
    runDir,
    record: { ...record, resumes: record.resumes + 1 },
    workflow: resolved.workflow,
    workflowFile: resolved.file,
    params: resolved.params,
    plugins,
    cwd: resolved.cwd ?? process.cwd(),
    snapshot: point.snapshot,
    killGraceMs,
    services: options.services,
    notes: [
      ...notes,
      ...point.notes,
      ...(redrive ? [`redrive: re-entering state '${redrive.state}' with a fresh retry budget for ${redrive.visits.map((v) => `'${v.state}' (visit ${v.visit})`).join(', ')}; earlier attempts stay recorded`] : []),
    ],
    ...(redrive
      ? {
          prepare: () => {
            for (const { state, visit } of redrive.visits) writeRedriveMark(runDir, state, visit, readVisitHistory(getVisitPaths(runDir, state, visit).dir).lastAttempt);
          },
        }
      : {}),
    ...(options.console ? { console: options.console } : {}),
  });
  return { resumed: true, result };
}
