import { getProjectRoot } from '../../../engine/load/project-root.js';
import { execa } from 'execa';
import { join } from 'node:path';

/** The project root: this file runs from dist/test/report/. */
export const PROJECT_ROOT = getProjectRoot();
export const CLI = join(PROJECT_ROOT, 'dist', 'engine', 'cli', 'main.js');
/** Fixtures stay in the source tree (tsc does not copy YAML or .mjs files). */
export const FIXTURES = join(PROJECT_ROOT, 'test', 'engine', 'report', 'fixtures');

export async function runCli(args: string[], options: { cwd?: string; timeoutMs?: number } = {}) {
  const { cwd = PROJECT_ROOT, timeoutMs = 60_000 } = options;
  return execa(process.execPath, [CLI, ...args], { cwd, reject: false, timeout: timeoutMs, all: true });
}
