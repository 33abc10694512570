import { existsSync } from 'node:fs';
import { EXIT, ExitError } from './exit-error.js';
import { formatExperiment } from '../report/experiment/format-experiment.js';
import { readExperiment } from '../report/experiment/read-experiment.js';
import { getLoopTable, type LoopTable } from '../report/get-loop-table.js';
import { readRun } from '../report/read-run.js';
import { RunInputError } from '../run/run-errors.js';
import type { RunSessionResult } from '../run/run-session.js';
import { RunFileError } from '../store/run-file-error.js';
import { getRunPaths } from '../store/run-paths.js';
import { RunLockedError } from '../store/run-lock.js';

/** Exit status of `run`/`resume` after SIGINT/SIGTERM: 128 + SIGINT, as shells expect. */
export const EXIT_CANCELLED = 130;

function formatValue(value: unknown): string {
  if (typeof value === 'number' && !Number.isInteger(value)) return value.toPrecision(4);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The workflow's `report.summary` outputs (`state.output`), as they stand at the end of the run. */
function printSummary(outputs: RunSessionResult['outputs'] | undefined, summary: string[]): void {
  const lines = summary.flatMap((name) => {
    // A for_each member (`X[k]`) is recorded under its own id too, so `X[k].output` reads like any state's.
    const dot = name.indexOf('.');
    const value = outputs?.[name.slice(0, dot)]?.[name.slice(dot + 1)];
    return value === undefined ? [] : [`  ${name} = ${formatValue(value)}`];
  });
  if (lines.length > 0) console.log(['summary:', ...lines].join('\n'));
}

/** Column titles: the output name, with its state where two columns share a name (`evaluate_seed.accuracy`). */
function getColumnTitles(refs: string[]): string[] {
  const names = refs.map((ref) => ref.slice(ref.indexOf('.') + 1));
  return refs.map((ref, i) => (names.filter((n) => n === names[i]).length > 1 ? ref : names[i]!));
}

/** An aligned table, one row per loop, values formatted as the summary's (same numbers, same digits). */
export function formatLoopTable(table: LoopTable): string {
  const header = [table.xTitle, ...getColumnTitles(table.columns)];
  const cells = table.rows.map((row) => [String(row.x), ...row.values.map((v) => (v === undefined ? '-' : formatValue(v)))]);
  const widths = header.map((title, c) => Math.max(title.length, ...cells.map((row) => row[c]!.length)));
  return [header, ...cells].map((row) => '  ' + row.map((cell, c) => cell.padStart(widths[c]!)).join('  ')).join('\n');
}

/** A grid's `report.experiment` table, from its trials' run folders. */
async function printExperiment(runDir: string): Promise<void> {
  const experiment = await readExperiment(runDir);
  if (experiment) console.log(formatExperiment(experiment));
}

/** The per-loop table of a finished run (not a grid), from its step results; a grid's experiment table. */
async function printLoopTable(runDir: string): Promise<void> {
  // A grid's trials each have their own loops: a grid's table is its experiment's (and `compare`).
  if (existsSync(getRunPaths(runDir).trialsFile)) return printExperiment(runDir);
  const run = await readRun(runDir);
  const table = getLoopTable(run.workflow, run);
  if (table) console.log(`per ${table.xTitle}:\n${formatLoopTable(table)}`);
}

/** Prints how the run ended and returns the exit code: 0 done, 1 failed, 2 a step rejected its input, 130 cancelled. */
export async function reportRunResult(result: RunSessionResult, summary: string[] = []): Promise<number> {
  if (result.status === 'done') {
    printSummary(result.outputs, summary);
    await printLoopTable(result.runDir);
    console.log(`run ${result.runId} done: ${result.runDir}`);
    console.log(`  see it: ser-flow report ${result.runDir}`);
    return EXIT.ok;
  }
  if (result.status === 'cancelled') {
    console.error(`run ${result.runId} cancelled; continue it with: ser-flow resume ${result.runDir}`);
    return EXIT_CANCELLED;
  }
  // The seeds that finished still make a table; it says how many each method has.
  if (existsSync(getRunPaths(result.runDir).trialsFile)) await printExperiment(result.runDir);
  console.error(`run ${result.runId} failed: ${result.error ?? 'unknown error'}`);
  console.error(`details: ser-flow status ${result.runDir}`);
  return result.inputError ? EXIT.invalidInput : EXIT.workflowFailed;
}

/** Turns the run layer's user-facing errors into exit 2; anything else is a bug and propagates. */
export async function mapRunErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof RunInputError || error instanceof RunLockedError || error instanceof RunFileError) throw new ExitError(EXIT.invalidInput, error.message, { cause: error });
    throw error;
  }
}
