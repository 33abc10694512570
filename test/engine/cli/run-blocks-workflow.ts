// Real runs of test/fixtures/workflows/d-blocks.yaml (a parallel state `ens` with branches left/right, then
// `score` fanned out over 3 members) for the display tests: one run to the end, and runs stopped while several
// states run at once inside a block.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { getProjectRoot } from '../../../engine/load/project-root.js';
import { MAIN, readJson, readLines, waitFor } from './run-helpers.js';

export const BLOCKS_WORKFLOW_FILE = join(getProjectRoot(), 'test', 'fixtures', 'workflows', 'd-blocks.yaml');

/** Three CPU slots, so three members can hold one at once on a 2-core machine; a short kill grace. */
const ENV = { SER_FLOW_CPU_SLOTS: '3', SER_FLOW_KILL_GRACE_MS: '1000' };

/** Runs d-blocks.yaml (without the step cache, so every step runs) to the end in `<cwd>/runs/<id>`; returns the run folder. */
export async function runBlocks(cwd: string, id = 'blocks-done'): Promise<string> {
  const result = await execa(process.execPath, [MAIN, 'run', BLOCKS_WORKFLOW_FILE, '--run-id', id, '--no-cache'], { cwd, env: ENV, reject: false, all: true });
  if (result.exitCode !== 0) throw new Error(`d-blocks run failed (${result.exitCode}):\n${result.all}`);
  return join(cwd, 'runs', id);
}

function hasProgress(runDir: string, state: string): boolean {
  return readLines(join(runDir, 'steps', state, '0', 'attempt-1', 'events.jsonl')).some((line) => line.includes('"progress"'));
}

function hasFinished(runDir: string, state: string): boolean {
  if (!existsSync(join(runDir, 'steps', state, '0', 'result.json'))) return false;
  try {
    return state in readJson<{ context: { states: Record<string, unknown> } }>(join(runDir, 'snapshot.json')).context.states;
  } catch {
    return false; // the snapshot is being replaced
  }
}

/**
 * Starts d-blocks.yaml and waits until it is inside a block with several states running: in `ens`, both branches'
 * first states (train_left at 2/4, train_right at 3/4); in `score`, members 0 and 1 (1/4, 2/4) with member 2
 * finished. Calls `inspect` with the run folder, then cancels the run (SIGTERM ends the members' processes).
 */
export async function inspectRunningBlocks(cwd: string, phase: 'ens' | 'score', inspect: (runDir: string) => Promise<void> | void, id = `blocks-${phase}`): Promise<void> {
  const ms = phase === 'ens' ? ['--set', 'ens_ms=60000'] : ['--set', 'score_ms=60000'];
  const run = execa(process.execPath, [MAIN, 'run', BLOCKS_WORKFLOW_FILE, '--run-id', id, '--no-cache', ...ms], { cwd, env: ENV, reject: false, all: true });
  const runDir = join(cwd, 'runs', id);
  try {
    const running = phase === 'ens' ? ['train_left', 'train_right'] : ['score[0]', 'score[1]'];
    await waitFor(`${running.join(' and ')} to report progress`, () => {
      if (run.exitCode !== null) throw new Error(`the d-blocks run ended (${run.exitCode}) before that`);
      return running.every((state) => hasProgress(runDir, state)) && (phase === 'ens' || hasFinished(runDir, 'score[2]'));
    });
    await inspect(runDir);
  } finally {
    run.kill('SIGTERM');
    await run;
  }
}
