import { resolve } from 'node:path';
import { buildCompareTable } from '../grid/compare-trials.js';
import { formatCompareCsv, formatCompareJson, formatCompareText } from '../grid/format-compare.js';
import { readTrialsFile } from '../grid/trials-file.js';
import { findRunDir } from '../store/find-run-dir.js';
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
  /** Text output: also show metrics equal in every trial (JSON and CSV always have every metric). */
  all?: boolean;
  write?: (text: string) => void;
}

function resolveRunFolder(cwd: string, run: string, runDir: string): string {
  const found = findRunDir(cwd, run, runDir);
  if (found) return found;
  throw new ExitError(EXIT.invalidInput, `compare: no run "${run}" (looked at ${resolve(cwd, run)} and ${resolve(cwd, runDir, run)}); pass a run folder or a run id under ${runDir}/`);
}

/** `ser-flow compare <run>`: trials × params × final metrics of a grid run, best first. */
export async function compareCommand(options: CompareCommandOptions): Promise<number> {
  const { cwd, run, runDir = 'runs', sort, goal, json = false, csv = false, all = false, write = (t) => process.stdout.write(t) } = options;
  if (json && csv) throw new ExitError(EXIT.invalidInput, 'compare: choose one of --json and --csv');
  if (goal !== undefined && goal !== 'maximize' && goal !== 'minimize') {
    throw new ExitError(EXIT.invalidInput, `compare: --goal must be maximize or minimize, got "${String(goal)}"`);
  }
  const folder = resolveRunFolder(cwd, run, runDir);
  let table;
  try {
    const onlyVarying = !json && !csv && !all;
    table = buildCompareTable({ file: readTrialsFile(folder), onlyVarying, ...(sort ? { sort } : {}), ...(goal ? { goal } : {}) });
  } catch (error) {
    throw new ExitError(EXIT.invalidInput, `compare: ${(error as Error).message}`, { cause: error });
  }
  write(json ? formatCompareJson(table) : csv ? formatCompareCsv(table) : formatCompareText(table));
  return EXIT.ok;
}
