import { getProjectRoot } from '../../../engine/load/project-root.js';
// Runs a Python step plugin the way the engine does: request file as last argument and in
// SER_FLOW_REQUEST, cwd = output_dir, events read back from events_file.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa, type ResultPromise } from 'execa';

/** The project root: this file runs from dist/test/sdk-py. */
export const projectRoot = getProjectRoot();

export interface StepRun {
  exitCode: number | undefined;
  events: Array<Record<string, unknown>>;
  stderr: string;
  outputDir: string;
}

export interface StepLaunch {
  argv: string[];
  inputs: Record<string, unknown>;
  /** Reuse a folder (e.g. to resume from a checkpoint); a fresh temp folder otherwise. */
  outputDir?: string;
  env?: Record<string, string>;
  seed?: number;
}

export function makeTempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `ser-flow-${prefix}-`));
}

/** Starts the plugin; `finish` waits for it and collects its events. */
export function startStep(launch: StepLaunch): { child: ResultPromise; outputDir: string; eventsFile: string; finish: () => Promise<StepRun> } {
  const outputDir = launch.outputDir ?? makeTempDir('step');
  mkdirSync(outputDir, { recursive: true });
  const eventsFile = join(outputDir, `events-${Date.now()}-${Math.random().toString(36).slice(2)}.jsonl`);
  const requestFile = join(outputDir, 'request.json');
  const request = {
    protocol: 1, run_id: 'test', state: 'step', visit: 0, attempt: 1,
    plugin: { name: 'test', version: '0.0.0', dir: dirname(launch.argv.at(-1)!) },
    inputs: launch.inputs, output_dir: outputDir, events_file: eventsFile, seed: launch.seed ?? 7, gpus: [],
  };
  writeFileSync(requestFile, JSON.stringify(request));
  const child = execa(launch.argv[0], [...launch.argv.slice(1), requestFile], {
    cwd: outputDir,
    reject: false,
    env: { CUDA_VISIBLE_DEVICES: '', ...launch.env, SER_FLOW_REQUEST: requestFile },
  });
  const finish = async (): Promise<StepRun> => {
    const result = await child;
    return { exitCode: result.exitCode, events: readEvents(eventsFile), stderr: String(result.stderr), outputDir };
  };
  return { child, outputDir, eventsFile, finish };
}

export function runStep(launch: StepLaunch): Promise<StepRun> {
  return startStep(launch).finish();
}

export function readEvents(eventsFile: string): Array<Record<string, unknown>> {
  if (!existsSync(eventsFile)) return [];
  const lines = readFileSync(eventsFile, 'utf8').split('\n');
  lines.pop(); // '' after the last newline, or a line still being written
  return lines.filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The outputs of the last `result` event. */
export function getResult(run: StepRun): Record<string, unknown> {
  const result = run.events.filter((e) => e.type === 'result').at(-1);
  if (!result) throw new Error(`no result event (exit ${run.exitCode}); stderr:\n${run.stderr}`);
  return result.outputs as Record<string, unknown>;
}

/** Resolves when an event matching `predicate` is in the file (polls; the plugin appends line by line). */
export async function waitForEvent(eventsFile: string, predicate: (e: Record<string, unknown>) => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (readEvents(eventsFile).some(predicate)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no matching event in ${eventsFile} within ${timeoutMs} ms`);
}
