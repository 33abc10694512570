import { existsSync, readFileSync } from 'node:fs';
import type { Snapshot } from 'xstate';
import type { RunServices } from '../execute/step-services.js';
import type { ConsoleOptions } from '../log/run-logger.js';
import { formatDiagnostic, hasErrors } from '../load/diagnostic.js';
import { loadWorkflow } from '../validate/load-workflow.js';
import { readResolvedRun, type ResolvedRun } from '../store/resolved-run.js';
import { getRunPaths } from '../store/run-paths.js';
import { readRunRecord, type RunRecord } from '../store/run-record.js';
import { getKillGraceMs } from './build-runtime.js';
import { RunInputError } from './run-errors.js';
import { runSession, type RunSessionResult } from './run-session.js';
import { getResolvedPlugins } from './start-run.js';

export type ResumeOutcome = { resumed: true; result: RunSessionResult } | { resumed: false; record: RunRecord };

/** Finds the run's plugins again (from the workflow file it started from) and insists they are unchanged. */
async function reloadPlugins(resolved: ResolvedRun) {
  if (!existsSync(resolved.file)) {
    throw new RunInputError(`cannot resume: the workflow file ${resolved.file} the run started from is gone; resume needs it to find the run's plugins`);
  }
  const set = Object.fromEntries(Object.entries(resolved.params).map(([key, value]) => [key, String(value)]));
  const { loaded, diagnostics } = await loadWorkflow(resolved.file, { set });
  if (!loaded || hasErrors(diagnostics)) {
    const problems = diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
    throw new RunInputError(`cannot resume: ${resolved.file} no longer validates:\n${problems.join('\n')}`);
  }
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

/** Continues an interrupted run from snapshot.json; finished visits are reused from their result.json. */
export async function resumeRun(runDir: string, options: { console?: ConsoleOptions; services: RunServices }): Promise<ResumeOutcome> {
  const killGraceMs = getKillGraceMs();
  const paths = getRunPaths(runDir);
  const record = readRunRecord(runDir);
  if (record.status === 'done' || record.status === 'failed') return { resumed: false, record };
  if (!existsSync(paths.resolved) || !existsSync(paths.snapshot)) {
    throw new RunInputError(`cannot resume ${runDir}: it has no ${existsSync(paths.resolved) ? 'snapshot.json' : 'resolved.json'} (the run stopped before its first state)`);
  }
  const resolved = readResolvedRun(runDir);
  const snapshot = JSON.parse(readFileSync(paths.snapshot, 'utf8')) as Snapshot<unknown>;
  const plugins = await reloadPlugins(resolved);
  const result = await runSession({
    runDir,
    record: { ...record, resumes: record.resumes + 1 },
    workflow: resolved.workflow,
    workflowFile: resolved.file,
    params: resolved.params,
    plugins,
    cwd: resolved.cwd ?? process.cwd(),
    snapshot,
    killGraceMs,
    services: options.services,
    ...(options.console ? { console: options.console } : {}),
  });
  return { resumed: true, result };
}
