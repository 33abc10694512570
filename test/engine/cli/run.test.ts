import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createAjv } from '../../../engine/load/create-ajv.js';
import { loadProjectSchema } from '../../../engine/load/project-root.js';
import { existsSync } from 'node:fs';
import { getStepPid, isProcessGone, makeTempDir, readJson, readLines, runCli, startCli, waitFor, WORKFLOWS } from './run-helpers.js';

describe('ser-flow run', function () {
  this.timeout(120_000);
  let cwd: string;
  beforeEach(() => {
    cwd = makeTempDir();
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  it('runs a guarded loop to done, feeding each state from earlier outputs', async () => {
    const counter = join(cwd, 'counter.txt');
    const result = await runCli(['run', join(WORKFLOWS, 'r-loop.yaml'), '--run-id', 'loop', '--set', `counter=${counter}`], cwd);
    assert.equal(result.code, 0, result.stderr + result.stdout);
    assert.match(result.stdout, /run loop done/);
    assert.match(result.stdout, /grow ▸ entered \(visit 3\)/);
    // init 0+1=1; grow 2,3,4,5 (stops at limit 5); finish 5*10+1.
    assert.deepEqual(readLines(counter), ['init', 'grow', 'grow', 'grow', 'grow', 'finish']);
    const record = readJson<{ status: string; outputs: Record<string, { value: number }> }>(join(cwd, 'runs', 'loop', 'run.json'));
    assert.equal(record.status, 'done');
    assert.deepEqual(record.outputs, { init: { value: 1 }, grow: { value: 5 }, finish: { value: 51 } });
    for (const file of ['workflow.yaml', 'resolved.json', 'snapshot.json', 'events.jsonl', 'run.log.jsonl', 'steps/grow/3/result.json', 'steps/grow/3/attempt-1/request.json']) {
      assert.ok(readLines(join(cwd, 'runs', 'loop', file)).length > 0, `${file} is written`);
    }
    const request = readJson(join(cwd, 'runs', 'loop', 'steps', 'grow', '3', 'attempt-1', 'request.json'));
    const validateRequest = createAjv().compile(loadProjectSchema('request.schema.json'));
    assert.ok(validateRequest(request), JSON.stringify(validateRequest.errors));
    // The engine fills in the input schema's defaults (sleep_ms, bad_event, train_steps), so plugins need not repeat them.
    assert.deepEqual(request.inputs, { value: 4, label: 'grow', counter, sleep_ms: 0, bad_event: false, train_steps: 0 });
    assert.equal(request.visit, 3);
    const status = await runCli(['status', 'loop', '--json'], cwd);
    assert.equal(status.code, 0);
    const report = JSON.parse(status.stdout) as { status: string; states: Record<string, { visits: number; outputs: unknown }> };
    assert.equal(report.status, 'done');
    assert.equal(report.states.grow.visits, 4);
    assert.deepEqual(report.states.finish.outputs, { value: 51 });
  });

  it('passes a step that crashes once on its second attempt', async () => {
    const counter = join(cwd, 'counter.txt');
    const result = await runCli(['run', join(WORKFLOWS, 'r-retry.yaml'), '--run-id', 'r', '--set', `counter=${counter}`, '--set', 'failures=1'], cwd);
    assert.equal(result.code, 0, result.stderr + result.stdout);
    assert.match(result.stdout, /attempt 1\/3 exited with code 1; retrying/);
    assert.equal(readLines(counter).length, 2);
    assert.deepEqual(readJson<{ outputs: unknown }>(join(cwd, 'runs', 'r', 'run.json')).outputs, { flaky: { invocations: 2 } });
  });

  it('fails the run with a clear message once a crashing step has used its retries', async () => {
    const counter = join(cwd, 'counter.txt');
    const result = await runCli(['run', join(WORKFLOWS, 'r-retry.yaml'), '--run-id', 'r', '--set', `counter=${counter}`, '--set', 'failures=5'], cwd);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /step 'flaky' \(plugin r-flaky 1\.0\.0\) exited with code 1 after attempt 3\/3; last stderr lines: r-flaky: crashing on purpose \(invocation 3, fails the first 5\); log: .*attempt-3\/stderr\.log/,
    );
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
    assert.equal(readLines(counter).length, 3);
    assert.equal(readJson<{ status: string }>(join(cwd, 'runs', 'r', 'run.json')).status, 'failed');
  });

  for (const ignoreTerm of [false, true]) {
    it(`kills a hanging step and its child at the timeout${ignoreTerm ? ' (SIGKILL when SIGTERM is ignored)' : ''}`, async () => {
      const pidFile = join(cwd, 'pids.json');
      const result = await runCli(['run', join(WORKFLOWS, 'r-timeout.yaml'), '--set', `pid_file=${pidFile}`, '--set', `ignore_term=${ignoreTerm}`], cwd);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /step 'hang' \(plugin r-hang 1\.0\.0\) timed out after 1s/);
      const { parent, child } = readJson<{ parent: number; child: number }>(pidFile);
      // Killed processes are reaped by init a moment later; until then they are zombies (counted as gone).
      await waitFor('the plugin and its child to be gone', () => isProcessGone(parent) && isProcessGone(child), 10_000);
    });
  }

  type OrphanPids = { parent: number; escaped: number; orphan: number };
  const isAllGone = ({ parent, escaped, orphan }: OrphanPids) => isProcessGone(parent) && isProcessGone(escaped) && isProcessGone(orphan);

  it('at the timeout, also kills descendants that left the process group (setsid, or adopted by init)', async () => {
    const pidFile = join(cwd, 'pids.json');
    const result = await runCli(['run', join(WORKFLOWS, 'r-orphan-timeout.yaml'), '--set', `pid_file=${pidFile}`], cwd);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /step 'hang' \(plugin r-orphan 1\.0\.0\) timed out after 2s/);
    const pids = readJson<OrphanPids>(pidFile);
    await waitFor('the plugin and both escaped descendants to be gone', () => isAllGone(pids), 10_000);
  });

  it('on SIGINT, also kills descendants that left the process group', async () => {
    const pidFile = join(cwd, 'pids.json');
    const runDir = join(cwd, 'runs', 'c');
    const run = startCli(['run', join(WORKFLOWS, 'r-orphan.yaml'), '--run-id', 'c', '--set', `pid_file=${pidFile}`], cwd);
    await waitFor('the pid file', () => existsSync(pidFile) && getStepPid(runDir, 'hang'));
    const pids = readJson<OrphanPids>(pidFile);
    run.kill('SIGINT');
    assert.equal((await run).exitCode, 130);
    await waitFor('the plugin and both escaped descendants to be gone', () => isAllGone(pids), 10_000);
  });

  it('names the signal that killed a step, with a hint at memory for SIGKILL', async () => {
    const result = await runCli(['run', join(WORKFLOWS, 'r-orphan.yaml'), '--set', `pid_file=${join(cwd, 'p.json')}`, '--set', 'kill_self=true'], cwd);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /step 'hang' \(plugin r-orphan 1\.0\.0\) was killed by SIGKILL — out of memory\?/);
  });

  it('forwards plugin events to the run log and warns about bad event lines without failing', async () => {
    const result = await runCli(['run', join(WORKFLOWS, 'r-events.yaml'), '--run-id', 'ev'], cwd);
    assert.equal(result.code, 0, result.stderr + result.stdout);
    assert.match(result.stdout, /add ▸ warning: .*events\.jsonl:1: ignored a bad event line: not a valid event/);
    assert.match(result.stdout, /add ▸ warning: .*events\.jsonl:2: ignored a bad event line: not JSON/);
    assert.match(result.stdout, /add ▸ value = 42/);
    const events = readLines(join(cwd, 'runs', 'ev', 'events.jsonl')).map((line) => JSON.parse(line) as { type: string; state?: string });
    const types = events.map((e) => e.type);
    for (const type of ['run-started', 'state-entered', 'attempt-started', 'progress', 'metric', 'warning', 'attempt-finished', 'run-finished']) {
      assert.ok(types.includes(type), `events.jsonl has a ${type} event (${types.join(',')})`);
    }
    assert.ok(readLines(join(cwd, 'runs', 'ev', 'run.log.jsonl')).some((line) => JSON.parse(line).message === 'value = 42'));
  });

  it('fails a step whose resolved inputs break the plugin input schema, without launching it', async () => {
    const result = await runCli(['run', join(WORKFLOWS, 'r-bad-input.yaml'), '--run-id', 'bad'], cwd);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /step 'add' \(plugin r-add 1\.0\.0\): its resolved `with` \{"value":"seven"\} does not match the plugin's input schema: \/value must be number/);
    assert.deepEqual(readLines(join(cwd, 'runs', 'bad', 'steps', 'add', '0', 'attempt-1', 'request.json')), []);
  });

  it('runs a TypeScript plugin from source (node + tsx loader)', async () => {
    const result = await runCli(['run', join(WORKFLOWS, 'r-typescript.yaml'), '--run-id', 'ts'], cwd);
    assert.equal(result.code, 0, result.stderr + result.stdout);
    assert.deepEqual(readJson<{ outputs: unknown }>(join(cwd, 'runs', 'ts', 'run.json')).outputs, { double: { doubled: 42 } });
  });

  it('fails when a loop uses up max_visits', async () => {
    const result = await runCli(['run', join(WORKFLOWS, 'r-exhaust.yaml'), '--run-id', 'x'], cwd);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /state 'spin' reached its max_visits \(3\)/);
    assert.deepEqual(readLines(join(cwd, 'runs', 'x', 'steps', 'spin', '2', 'result.json')).length > 0, true);
  });

  it('refuses bad input with exit 2 and no stack trace', async () => {
    const missing = await runCli(['run', join(cwd, 'nope.yaml')], cwd);
    assert.equal(missing.code, 2);
    assert.doesNotMatch(missing.stderr, /\n\s+at /);
    const badParam = await runCli(['run', join(WORKFLOWS, 'r-chain.yaml'), '--set', 'sleep_ms=soon'], cwd);
    assert.equal(badParam.code, 2);
    assert.match(badParam.stderr, /r-chain\.yaml:\d+:\d+ error/);
    const first = await runCli(['run', join(WORKFLOWS, 'r-chain.yaml'), '--run-id', 'same'], cwd);
    assert.equal(first.code, 0, first.stderr);
    const again = await runCli(['run', join(WORKFLOWS, 'r-chain.yaml'), '--run-id', 'same'], cwd);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /already exists; continue it with `ser-flow resume/);
    const status = await runCli(['status', 'no-such-run'], cwd);
    assert.equal(status.code, 2);
    assert.match(status.stderr, /no run found at no-such-run/);
  });
});
