import assert from 'node:assert/strict';
import { execa } from 'execa';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLI, FIXTURES, runCli } from '../report/run-cli.js';
import { getFolderState } from './folder-state.js';
import { writeRunningRun } from './running-run.js';

async function waitFor(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

function getFileList(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).sort();
}

describe('ser-flow watch', () => {
  let root: string;
  before(() => (root = mkdtempSync(join(tmpdir(), 'ser-flow-watch-'))));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('--once prints the current state, progress and metrics and leaves the run folder untouched', async () => {
    const dir = writeRunningRun(join(root, 'once'));
    const before = getFolderState(dir);
    const result = await runCli(['watch', 'once', '--once', '--run-dir', root], { cwd: root });
    assert.equal(result.exitCode, 0, result.all);
    assert.match(result.stdout, /status: running · state: train/);
    assert.match(result.stdout, /train #1 {2}\[#+\.+\] 3\/10 epoch 1/);
    assert.match(result.stdout, /train\.loss = 0\.42 \(step 3\)/);
    assert.deepEqual(getFolderState(dir), before);
  });

  it('follows a run as it changes and exits when it finishes, without writing into it', async () => {
    const dir = writeRunningRun(join(root, 'follow'));
    const watcher = execa(process.execPath, [CLI, 'watch', dir, '--interval', '100'], { reject: false, all: true });
    let output = '';
    watcher.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(() => output.includes('3/10'), 'the first frame');
    const events = join(dir, 'steps', 'train', '1', 'attempt-1', 'events.jsonl');
    appendFileSync(events, JSON.stringify({ type: 'progress', t: Date.now(), current: 9, total: 10 }) + '\n');
    appendFileSync(events, JSON.stringify({ type: 'metric', t: Date.now(), name: 'loss', value: 0.31, step: 9 }) + '\n');
    await waitFor(() => output.includes('9/10'), 'the progress update');
    const record = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
    writeFileSync(join(dir, 'run.json'), JSON.stringify({ ...record, status: 'failed', finished_at: new Date().toISOString() }));
    const written = getFolderState(dir);
    const result = await watcher;
    assert.equal(result.exitCode, 0, result.all);
    assert.match(output, /train\.loss = 0\.31 \(step 9\)/);
    assert.match(output, /status: failed/);
    assert.deepEqual(getFolderState(dir), written, 'watch wrote nothing into the run folder');
  });

  it('waits for a run that has not written its workflow yet, and gives up on a folder that never becomes a run', async () => {
    const dir = join(root, 'starting');
    mkdirSync(dir);
    writeFileSync(join(dir, 'run.json'), JSON.stringify({ id: 'starting', status: 'running' }));
    const watcher = execa(process.execPath, [CLI, 'watch', dir, '--interval', '100'], { reject: false, all: true });
    await sleep(300);
    writeRunningRun(dir);
    const record = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
    writeFileSync(join(dir, 'run.json'), JSON.stringify({ ...record, status: 'done', finished_at: new Date().toISOString() }));
    const result = await watcher;
    assert.equal(result.exitCode, 0, result.all);
    assert.match(result.stdout, /status: done/);

    const never = join(root, 'never');
    mkdirSync(never);
    writeFileSync(join(never, 'run.json'), '{}');
    const gaveUp = await runCli(['watch', never, '--interval', '50'], { cwd: root });
    assert.equal(gaveUp.exitCode, 2);
    assert.match(gaveUp.stderr, /watch: cannot read .*never: .* is not a ser-flow run folder/);
  });

  it('watches a live `ser-flow run` to the end, takes no lock and adds no files', async () => {
    const workflow = join(FIXTURES, 'e-loop.yaml');
    // --no-cache: the second run must execute its steps, not reuse the first run's results.
    const args = ['run', workflow, '--run-dir', root, '--no-cache', '--set', 'delay_ms=200', '--set', 'loops=2'];
    const reference = await runCli([...args, '--run-id', 'unwatched'], { cwd: root });
    assert.equal(reference.exitCode, 0, reference.all);
    const run = execa(process.execPath, [CLI, ...args, '--run-id', 'watched'], { cwd: root, reject: false, all: true });
    const dir = join(root, 'watched');
    await waitFor(() => existsSync(join(dir, 'run.json')), 'the run folder');
    const watch = await runCli(['watch', 'watched', '--interval', '100', '--run-dir', root], { cwd: root });
    const finished = await run;
    assert.equal(finished.exitCode, 0, finished.all);
    assert.equal(watch.exitCode, 0, watch.all);
    assert.match(watch.stdout, /state: learn/);
    assert.match(watch.stdout, /learn #\d {2}\[[#.]+\] \d\/5 round \d/);
    assert.match(watch.stdout, /learn\.loss = /);
    assert.match(watch.stdout, /status: done · ended in done/);
    assert.deepEqual(getFileList(dir), getFileList(join(root, 'unwatched')));
  });

  it('rejects an unknown run and a bad --interval with exit 2', async () => {
    const missing = await runCli(['watch', 'nope', '--once'], { cwd: root });
    assert.equal(missing.exitCode, 2);
    assert.match(missing.stderr, /watch: no run "nope"/);
    const bad = await runCli(['watch', join(root, 'once'), '--interval', 'soon'], { cwd: root });
    assert.equal(bad.exitCode, 2);
    assert.match(bad.stderr, /--interval must be a number of milliseconds ≥ 50, got NaN/);
  });
});
