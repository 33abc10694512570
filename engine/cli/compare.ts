import { resolve } from 'node:path';
import { buildCompareTable } from '../grid/compare-trials.js';
import { formatCompareCsv, formatCompareJson, formatCompareText } from '../grid/format-compare.js';
import { readTrialsFile, type TrialsFile } from '../grid/trials-file.js';
import { formatExperiment } from '../report/experiment/format-experiment.js';
import { readExperiment } from '../report/experiment/read-experiment.js';
import { findRunDir } from '../store/find-run-dir.js';
import { readJsonIfPresentSync } from '../store/read-json.js';
import { readLatestStepOutputs } from '../store/read-step-outputs.js';
import type { ResolvedRun } from '../store/resolved-run.js';
import { getRunPaths, getTrialDir } from '../store/run-paths.js';
import { EXIT, ExitError } from './exit-error.js';

export interface CompareCommandOptions {
  cwd: string;
  /** A run folder, or a run id under `runDir`. */
  run: string;
  runDir?: string;
  /** `state.output` to rank by (default: the grid's metric). */
  sort?: string;
  goal?: 'maximize' | 'minimize';
  json?: boolean;
  csv?: boolean;
  /** Text output: every param and metric column, as JSON and CSV have them. */
  all?: boolean;
  /** Text output: exactly these param or `state.output` columns. */
  columns?: string[];
  /** Text output: the widest line (default: the terminal's width, else 120). */
  width?: number;
  write?: (text: string) => void;
}

function resolveRunFolder(cwd: string, run: string, runDir: string): string {
  const found = findRunDir(cwd, run, runDir);
  if (found) return found;
  throw new ExitError(EXIT.invalidInput, `compare: no run "${run}" (looked at ${resolve(cwd, run)} and ${resolve(cwd, runDir, run)}); pass a run folder or a run id under ${runDir}/`);
}

/**
 * Each trial's latest outputs per state: those trials.json recorded, then its run folder's step results
 * (a trial interrupted before trials.json was updated, or whose steps were reused from the cache).
 */
function readTrialOutputs(folder: string, file: TrialsFile): Record<string, Record<string, unknown>>[] {
  return file.trials.map((trial) => {
    const recorded = Object.fromEntries(Object.entries(trial.states ?? {}).map(([state, { outputs }]) => [state, outputs ?? {}]));
    return { ...recorded, ...readLatestStepOutputs(getTrialDir(folder, trial.index)) };
  });
}

/** The workflow's `report.summary` (the outputs it calls key), from the first trial that recorded its workflow. */
function readKeyOutputs(folder: string, file: TrialsFile): string[] {
  for (const trial of file.trials) {
    const resolved = readJsonIfPresentSync<Partial<ResolvedRun>>(getRunPaths(getTrialDir(folder, trial.index)).resolved);
    if (resolved?.workflow) return resolved.workflow.report?.summary ?? [];
  }
  return [];
}

/** `ser-flow compare <run>`: trials × params × final metrics of a grid run, best first; the table fits a terminal. Then the `report.experiment` table, when the workflow has one. */
export async function compareCommand(options: CompareCommandOptions): Promise<number> {
  const { cwd, run, runDir = 'runs', sort, goal, json = false, csv = false, all = false, columns, write = (t) => process.stdout.write(t) } = options;
  if (json && csv) throw new ExitError(EXIT.invalidInput, 'compare: choose one of --json and --csv');
  if (columns && (json || csv || all)) throw new ExitError(EXIT.invalidInput, 'compare: --columns picks the table\'s columns; --json, --csv and --all have them all');
  if (goal !== undefined && goal !== 'maximize' && goal !== 'minimize') {
    throw new ExitError(EXIT.invalidInput, `compare: --goal must be maximize or minimize, got "${String(goal)}"`);
  }
  const folder = resolveRunFolder(cwd, run, runDir);
  let table;
  try {
    const file = readTrialsFile(folder);
    const outputs = readTrialOutputs(folder, file);
    const view = json || csv || all ? {} : columns ? { columns } : { keyOutputs: readKeyOutputs(folder, file) };
    table = buildCompareTable({ file, outputs, ...view, ...(sort ? { sort } : {}), ...(goal ? { goal } : {}) });
  } catch (error) {
    throw new ExitError(EXIT.invalidInput, `compare: ${(error as Error).message}`, { cause: error });
  }
  const maxWidth = options.width ?? (process.stdout.isTTY && process.stdout.columns ? process.stdout.columns : 120);
  write(json ? formatCompareJson(table) : csv ? formatCompareCsv(table) : formatCompareText(table, { maxWidth }));
  if (!json && !csv) {
    const experiment = await readExperiment(folder);
    if (experiment) write(`\n${formatExperiment(experiment)}\n`);
  }
  return EXIT.ok;
}
