import { getProjectRoot } from '../../../../engine/load/project-root.js';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withSchemaDefaults } from '../../plugins/with-schema-defaults.js';

/** The project root: compiled tests run from dist/test/ser/. */
export const ROOT = getProjectRoot();

export interface PluginRun {
  status: number | null;
  stderr: string;
  events: Array<Record<string, unknown>>;
  outputs?: Record<string, unknown>;
}

/** Runs a built-in plugin as the engine would: a request file (inputs with the schema's defaults), cwd = output_dir, the request path as last argument. */
export function runPlugin(options: { name: string; dir: string; inputs: Record<string, unknown>; seed?: number; env?: NodeJS.ProcessEnv }): PluginRun {
  const { name, dir, inputs, seed = 1 } = options;
  const outputDir = join(dir, 'out');
  mkdirSync(outputDir, { recursive: true });
  const eventsFile = join(dir, 'events.jsonl');
  const request = {
    protocol: 1,
    run_id: 'test',
    state: name,
    visit: 0,
    attempt: 1,
    plugin: { name, version: '0.1.0', dir: join(ROOT, 'steps', 'plugins', name) },
    inputs: withSchemaDefaults(name, inputs),
    output_dir: outputDir,
    events_file: eventsFile,
    seed,
    gpus: [],
  };
  const requestFile = join(dir, 'request.json');
  writeFileSync(requestFile, JSON.stringify(request));
  const child = spawnSync(process.execPath, [join(ROOT, 'dist/steps/plugins', name, 'main.js'), requestFile], { cwd: outputDir, encoding: 'utf8', env: { ...process.env, ...options.env } });
  const events = existsSync(eventsFile) ? readFileSync(eventsFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) : [];
  const result = events.filter((e) => e.type === 'result').at(-1);
  return { status: child.status, stderr: child.stderr, events, outputs: result?.outputs as Record<string, unknown> | undefined };
}

export function readLines<T = Record<string, unknown>>(file: string): T[] {
  return readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);
}
