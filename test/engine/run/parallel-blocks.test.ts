// Parallel and for_each states run by the real CLI, with real plugin processes (test/plugins-fixtures/p-work).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { isProcessGone, makeTempDir, MAIN, readJson, readLines, waitFor, WORKFLOWS } from '../cli/run-helpers.js';

const FAN_OUT = join(WORKFLOWS, 'b-fan-out.yaml');
const PARALLEL = join(WORKFLOWS, 'b-parallel.yaml');

interface LogLine {
  label: string;
  event: 'start' | 'end' | 'fail';
  t: number;
  pid: number;
  child?: number;
  cuda?: string;
}

/** Three CPU slots, so all three members can hold one at once on a 2-core machine; a short kill grace. */
function startCli(args: string[], cwd: string, env: Record<string, string> = {}) {
  return execa(process.execPath, [MAIN, ...args], { cwd, reject: false, all: true, env: { SER_FLOW_KILL_GRACE_MS: '1000', SER_FLOW_CPU_SLOTS: '3', ...env } });
}

async function runCli(args: string[], cwd: string, env: Record<string, string> = {}) {
  const result = await startCli(args, cwd, env);
  return { code: result.exitCode ?? -1, output: String(result.all) };
}

function readLog(file: string): LogLine[] {
  return readLines(file).map((line) => JSON.parse(line) as LogLine);
}

/** [start, end] of each label's last invocation that ended. */
function getSpans(log: LogLine[]): Record<string, [number, number]> {
  const spans: Record<string, [number, number]> = {};
  for (const line of log) {
    if (line.event === 'start') spans[line.label] = [line.t, Number.NaN];
    else spans[line.label]![1] = line.t;
  }
  return spans;
}

function readEntered(runDir: string): string[] {
  return readLines(join(runDir, 'events.jsonl'))
    .map((line) => JSON.parse(line) as { type: string; state: string; visit: number })
    .filter((event) => event.type === 'state-entered')
    .map((event) => `${event.state}#${event.visit}`);
}

/** Attempt folders of a visit, e.g. ['attempt-1', 'attempt-2']. */
function listAttempts(runDir: string, state: string, visit = 0): string[] {
  const dir = join(runDir, 'steps', state, String(visit));
  return existsSync(dir) ? readdirSync(dir).filter((name) => name.startsWith('attempt-')).sort() : [];
}

/** b-fan-out.yaml with `line` added to its for_each state, written into `dir` (plugins found by absolute path). */
function writeFanOutVariant(dir: string, line: string): string {
  const text = readFileSync(FAN_OUT, 'utf8')
    .replace('plugins: [../../plugins-fixtures]', `plugins: [${join(WORKFLOWS, '..', '..', 'plugins-fixtures')}]`)
    .replace('    for_each: [1, 2, 3]', `    ${line}\n    for_each: [1, 2, 3]`);
  const file = join(dir, 'b-fan-out-variant.yaml');
  writeFileSync(file, text);
  return file;
}

describe('parallel and for_each states (real processes)', function () {
  this.timeout(120_000);
  let cwd: string;
  let log: string;
  beforeEach(() => {
    cwd = makeTempDir('ser-flow-blocks-');
    log = join(cwd, 'log.jsonl');
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  it('runs a fan-out over 3 members at once and joins them into per-key lists and a var', async () => {
    const result = await runCli(['run', FAN_OUT, '--run-id', 'fan', '--set', `log=${log}`, '--set', 'ms=1500'], cwd);
    assert.equal(result.code, 0, result.output);
    const spans = getSpans(readLog(log));
    const members = ['score-0', 'score-1', 'score-2'].map((label) => spans[label]!);
    // Every member started before any of them ended: all three ran at the same time.
    const lastStart = Math.max(...members.map(([start]) => start));
    const firstEnd = Math.min(...members.map(([, end]) => end));
    assert.ok(lastStart < firstEnd, `members overlap: ${JSON.stringify(members)}`);

    const runDir = join(cwd, 'runs', 'fan');
    const outputs = readJson<{ outputs: Record<string, Record<string, unknown>> }>(join(runDir, 'run.json')).outputs;
    assert.deepEqual(outputs.score, { value: [2, 4, 6], label: ['score-0', 'score-1', 'score-2'], note: ['absent', 'absent', 'absent'] });
    // report: vars.total (2 + 4 + 6) × 2, its note the last member's label.
    assert.deepEqual(outputs.report, { value: 24, label: 'report', note: 'score-2' });
    for (const k of [0, 1, 2]) assert.ok(existsSync(join(runDir, 'steps', `score[${k}]`, '0', 'result.json')));
    assert.deepEqual(readEntered(runDir), ['score#0', 'score[0]#0', 'score[1]#0', 'score[2]#0', 'report#0']);
  });

  it('gives each member its own GPU lease: two run at once on SER_FLOW_GPUS=0,1 with distinct devices, the third waits', async () => {
    const workflow = writeFanOutVariant(cwd, 'resources: { gpus: 1 }');
    const result = await runCli(['run', workflow, '--run-id', 'gpu', '--set', `log=${log}`, '--set', 'ms=1500'], cwd, { SER_FLOW_GPUS: '0,1' });
    assert.equal(result.code, 0, result.output);
    const starts = readLog(log).filter((line) => line.event === 'start' && line.label.startsWith('score'));
    const spans = getSpans(readLog(log));
    const [first, second, third] = [...starts].sort((a, b) => a.t - b.t);
    assert.notEqual(first!.cuda, second!.cuda, 'the first two members hold different GPUs');
    assert.deepEqual([first!.cuda, second!.cuda].sort(), ['0', '1']);
    assert.ok(second!.t < spans[first!.label]![1], 'the first two overlap');
    assert.ok(third!.t >= Math.min(spans[first!.label]![1], spans[second!.label]![1]), 'the third waited for a GPU');
  });

  it('runs two branches of two states each at once, each branch in order, then joins', async () => {
    const result = await runCli(['run', PARALLEL, '--run-id', 'par', '--set', `log=${log}`, '--set', 'ms=1200'], cwd);
    assert.equal(result.code, 0, result.output);
    const spans = getSpans(readLog(log));
    const [a1, a2, b1, b2, join1] = ['a1', 'a2', 'b1', 'b2', 'join'].map((label) => spans[label]!);
    assert.ok(Math.max(a1![0], b1![0]) < Math.min(a1![1], b1![1]), `a1 and b1 overlap: ${JSON.stringify(spans)}`);
    assert.ok(a2![0] >= a1![1] && b2![0] >= b1![1], 'each branch runs in order');
    assert.ok(join1![0] >= Math.max(a2![1], b2![1]), 'the join waits for both branches');
    const outputs = readJson<{ outputs: Record<string, Record<string, unknown>> }>(join(cwd, 'runs', 'par', 'run.json')).outputs;
    // b1 read vars.right while it was null: its `note` input was left out and the plugin's default applied.
    assert.equal(outputs.b1!.note, 'absent');
    // join: (a2 = 4) + (vars.right = b2 = 40), × 2.
    assert.equal(outputs.join!.value, 88);
    const entered = readEntered(join(cwd, 'runs', 'par'));
    assert.deepEqual(entered.slice(0, 3).sort(), ['a1#0', 'b1#0', 'both#0']);
    assert.deepEqual(entered.slice(3, 5).sort(), ['a2#0', 'b2#0']);
    assert.equal(entered[5], 'join#0');
  });

  it('fail-fast: a failed member ends its siblings’ process trees and fails the run with its error', async () => {
    const started = Date.now();
    const result = await runCli(['run', FAN_OUT, '--run-id', 'ff', '--set', `log=${log}`, '--set', 'ms=30000', '--set', 'fail_member=1', '--set', `fix=${join(cwd, 'never')}`], cwd);
    assert.equal(result.code, 1, result.output);
    assert.match(result.output, /step 'score\[1\]' \(plugin p-work 1\.0\.0\) exited with code 1/);
    assert.ok(Date.now() - started < 25_000, 'the siblings did not run their 30 s');
    const lines = readLog(log);
    const siblings = lines.filter((line) => line.event === 'start' && line.label !== 'score-1');
    assert.equal(siblings.length, 2, JSON.stringify(lines));
    for (const { pid, child } of siblings) {
      assert.ok(isProcessGone(pid), `sibling ${pid} is gone`);
      assert.ok(isProcessGone(child!), `its child ${child} is gone`);
    }
    assert.ok(!lines.some((line) => line.event === 'end'), 'no sibling finished');
    const record = readJson<{ status: string; error: string }>(join(cwd, 'runs', 'ff', 'run.json'));
    assert.equal(record.status, 'failed');
    assert.match(record.error, /score\[1\]/);
  });

  it('fail_fast: false lets the siblings finish, then fails the run with the member’s error', async () => {
    const workflow = writeFanOutVariant(cwd, 'fail_fast: false');
    const result = await runCli(['run', workflow, '--run-id', 'lenient', '--set', `log=${log}`, '--set', 'ms=1500', '--set', 'fail_member=1', '--set', `fix=${join(cwd, 'never')}`], cwd);
    assert.equal(result.code, 1, result.output);
    const ended = readLog(log).filter((line) => line.event === 'end').map((line) => line.label).sort();
    assert.deepEqual(ended, ['score-0', 'score-2']);
    const record = readJson<{ status: string; error: string }>(join(cwd, 'runs', 'lenient', 'run.json'));
    assert.equal(record.status, 'failed');
    assert.match(record.error, /step 'score\[1\]'.*exited with code 1/);
    assert.ok(!existsSync(join(cwd, 'runs', 'lenient', 'steps', 'report')), 'the block did not join');
  });

  it('Ctrl-C in the middle of a fan-out stops every member’s process tree; resume finishes the run', async () => {
    const runDir = join(cwd, 'runs', 'int');
    const run = startCli(['run', FAN_OUT, '--run-id', 'int', '--set', `log=${log}`, '--set', 'ms=3000'], cwd);
    await waitFor('the three members to start', () => readLog(log).filter((line) => line.event === 'start').length === 3);
    run.kill('SIGINT');
    const result = await run;
    assert.equal(result.exitCode, 130, String(result.all));
    for (const { pid, child } of readLog(log)) assert.ok(isProcessGone(pid) && isProcessGone(child!), `member ${pid} and its child are gone`);
    assert.equal(readJson<{ status: string }>(join(runDir, 'run.json')).status, 'cancelled');
    const resumed = await runCli(['resume', runDir], cwd);
    assert.equal(resumed.code, 0, resumed.output);
    for (const k of [0, 1, 2]) assert.deepEqual(listAttempts(runDir, `score[${k}]`), ['attempt-1', 'attempt-2']);
    assert.equal(readJson<{ outputs: Record<string, Record<string, unknown>> }>(join(runDir, 'run.json')).outputs.report!.value, 24);
  });

  it('resume after kill -9 in the middle of a fan-out re-runs only the unfinished members', async () => {
    const runDir = join(cwd, 'runs', 'k9');
    const run = startCli(['run', FAN_OUT, '--run-id', 'k9', '--set', `log=${log}`, '--set', 'ms=6000', '--set', 'fast_member=0'], cwd);
    await waitFor('member 0 to finish and the others to run', () => existsSync(join(runDir, 'steps', 'score[0]', '0', 'result.json')) && listAttempts(runDir, 'score[2]').length > 0 && listAttempts(runDir, 'score[1]').length > 0);
    // Its snapshot has member 0 finished.
    await waitFor('the snapshot to record member 0', () => readJson<{ context: { states: Record<string, unknown> } }>(join(runDir, 'snapshot.json')).context.states['score[0]']);
    run.kill('SIGKILL');
    await run;
    const orphans = readLog(log).filter((line) => line.event === 'start' && line.label !== 'score-0');

    const resumed = await runCli(['resume', runDir], cwd);
    assert.equal(resumed.code, 0, resumed.output);
    for (const { pid, child } of orphans) assert.ok(isProcessGone(pid) && isProcessGone(child!), 'the members left running by the killed engine are gone');
    const starts = readLog(log).filter((line) => line.event === 'start').map((line) => line.label);
    assert.equal(starts.filter((label) => label === 'score-0').length, 1, `member 0 ran once: ${starts.join(',')}`);
    assert.equal(starts.filter((label) => label === 'score-1').length, 2, `member 1 ran again: ${starts.join(',')}`);
    assert.equal(starts.filter((label) => label === 'score-2').length, 2, `member 2 ran again: ${starts.join(',')}`);
    assert.deepEqual(listAttempts(runDir, 'score[0]'), ['attempt-1']);
    assert.deepEqual(listAttempts(runDir, 'score[1]'), ['attempt-1', 'attempt-2']);
    const outputs = readJson<{ outputs: Record<string, Record<string, unknown>> }>(join(runDir, 'run.json')).outputs;
    assert.deepEqual(outputs.score!.value, [2, 4, 6]);
    assert.equal(outputs.report!.value, 24);
  });

  it('redrive after a member failure re-enters the block: finished members reuse their results, the failed one runs again', async () => {
    const workflow = writeFanOutVariant(cwd, 'fail_fast: false');
    const fix = join(cwd, 'fix');
    const runDir = join(cwd, 'runs', 'rd');
    const failed = await runCli(['run', workflow, '--run-id', 'rd', '--set', `log=${log}`, '--set', 'ms=300', '--set', 'fail_member=1', '--set', `fix=${fix}`], cwd);
    assert.equal(failed.code, 1, failed.output);
    writeFileSync(fix, 'fixed');
    const redriven = await runCli(['resume', runDir], cwd);
    assert.equal(redriven.code, 0, redriven.output);
    assert.match(redriven.output, /redrive: re-entering state 'score' with a fresh retry budget for 'score\[1\]' \(visit 0\)/);
    const starts = readLog(log).filter((line) => line.event === 'start').map((line) => line.label);
    assert.deepEqual(starts.filter((label) => label !== 'score-1').sort(), ['report', 'score-0', 'score-2'], 'members 0 and 2 ran once');
    assert.deepEqual(listAttempts(runDir, 'score[1]'), ['attempt-1', 'attempt-2']);
    const outputs = readJson<{ outputs: Record<string, Record<string, unknown>> }>(join(runDir, 'run.json')).outputs;
    assert.deepEqual(outputs.score!.value, [2, 4, 6]);
    assert.equal(outputs.report!.value, 24);
  });
});
