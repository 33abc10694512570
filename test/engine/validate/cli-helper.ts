import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { getProjectRoot } from '../../../engine/load/project-root.js';

export const ROOT = getProjectRoot();
export const FIXTURES = join(ROOT, 'test', 'fixtures', 'workflows');
export const PLUGIN_FIXTURES = join(ROOT, 'test', 'plugins-fixtures');

/** Runs the real CLI (`node dist/engine/cli/main.js ...`) and captures everything. */
export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(ROOT, 'dist', 'engine', 'cli', 'main.js'), ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, SER_FLOW_PLUGIN_PATH: '', ...options.env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A stack trace line, which user mistakes must never print. */
export const STACK_LINE = /^\s+at .+\(.+:\d+:\d+\)$/m;
