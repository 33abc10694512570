import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Workflow } from '../../schemas/workflow-types.js';
import { toMermaid, type MermaidOptions } from '../graph/to-mermaid.js';
import { findRunDir } from '../store/find-run-dir.js';
import { readJsonIfPresentSync } from '../store/read-json.js';
import { getSnapshotState } from '../store/get-snapshot-state.js';
import { readUnfinishedStates } from '../store/read-unfinished-states.js';
import { getRunPaths, listStepStates } from '../store/run-paths.js';
import { formatDiagnostics } from '../load/diagnostic.js';
import { parseWorkflowShape } from '../validate/parse-workflow-shape.js';
import { getKnownFanOuts, getRunningStates } from '../validate/workflow-view.js';
import { EXIT, ExitError } from './exit-error.js';

export interface GraphCommandOptions {
  cwd: string;
  /** A workflow file, or a run folder (path or id under ./runs) to show visited and current states. */
  target: string;
  print?: (text: string) => void;
}

/** Prints a Mermaid flowchart; only YAML and schema validity are required (plugins need not be installed). */
export async function graphCommand(options: GraphCommandOptions): Promise<number> {
  const { cwd, target, print = (text: string) => process.stdout.write(text) } = options;
  const runDir = findRunDir(cwd, target);
  const file = runDir ? getRunPaths(runDir).workflow : resolve(cwd, target);
  if (!existsSync(file)) {
    throw new ExitError(EXIT.invalidInput, `graph: '${target}' is neither a workflow file nor a run folder (looked for ${resolve(cwd, target)} and ${resolve(cwd, 'runs', target)})`);
  }
  const { workflow, diagnostics } = await parseWorkflowShape(file);
  if (!workflow) throw new ExitError(EXIT.invalidInput, formatDiagnostics(diagnostics, { cwd }).join('\n'));
  print(toMermaid(workflow, runDir ? readRunProgress(runDir, workflow) : { fanOuts: getKnownFanOuts(workflow) }));
  return EXIT.ok;
}

/** Visits, the current state and the states running in it, from the run's snapshot and events (absent or unreadable → no annotations). */
function readRunProgress(runDir: string, workflow: Workflow): MermaidOptions {
  const snapshot = readJsonIfPresentSync<Record<string, unknown>>(getRunPaths(runDir).snapshot);
  const inner = (snapshot?.snapshot ?? snapshot) as { context?: { visits?: unknown } } | undefined;
  const visits = inner?.context?.visits;
  const visited = isCountRecord(visits) ? visits : {};
  const value = getSnapshotState(snapshot);
  const current = value && (value in workflow.states || value === 'done' || value === 'failed') ? value : undefined;
  const running = current ? getRunningStates(workflow, current, readUnfinishedStates(runDir)) : [];
  const fanOuts = getKnownFanOuts(workflow, [...Object.keys(visited), ...listStepStates(runDir)]);
  return { visited, fanOuts, ...(current ? { current } : {}), ...(running.length ? { running } : {}) };
}

function isCountRecord(value: unknown): value is Record<string, number> {
  return typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'number');
}
