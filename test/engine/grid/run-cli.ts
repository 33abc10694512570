import { getProjectRoot } from '../../../engine/load/project-root.js';
// Helpers for the grid/cache/lease/Slurm tests that drive the real CLI in a subprocess.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';

/** The project root (this file runs from dist/test/grid/). */
export const projectRoot = getProjectRoot();
export const cli = join(projectRoot, 'dist', 'engine', 'cli', 'main.js');
export const workflowsDir = join(projectRoot, 'test', 'fixtures', 'workflows');

export function startCli(args: string[], env: Record<string, string> = {}): ResultPromise<{ reject: false; all: true }> {
  return execa(process.execPath, [cli, ...args], { cwd: projectRoot, env: { ...process.env, ...env }, reject: false, all: true });
}

export async function runCli(args: string[], env: Record<string, string> = {}): Promise<{ exitCode: number; all: string; stdout: string }> {
  const result = await startCli(args, env);
  return { exitCode: result.exitCode ?? -1, all: String(result.all), stdout: String(result.stdout) };
}

export interface StepLogLine {
  label: string;
  start: number;
  end: number;
  cuda: string;
  request_gpus: string[];
}

/** The lines the g-work plugin appended: one per real execution. */
export function readStepLog(file: string): StepLogLine[] {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as StepLogLine);
  } catch {
    return [];
  }
}

/** The most steps that ran at the same moment, from their start/end stamps. */
export function getPeakConcurrency(lines: StepLogLine[]): number {
  const edges = lines.flatMap((l) => [
    { t: l.start, d: 1 },
    { t: l.end, d: -1 },
  ]);
  edges.sort((a, b) => a.t - b.t || a.d - b.d);
  let running = 0;
  let peak = 0;
  for (const edge of edges) peak = Math.max(peak, (running += edge.d));
  return peak;
}

/** The single run folder the CLI created under `runsDir`. */
export function getOnlyRun(runsDir: string): string {
  const runs = readdirSync(runsDir).filter((name) => !name.startsWith('.'));
  if (runs.length !== 1) throw new Error(`expected one run in ${runsDir}, found ${runs.join(', ') || 'none'}`);
  return join(runsDir, runs[0]!);
}
