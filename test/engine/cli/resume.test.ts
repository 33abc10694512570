import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { getProjectRoot } from '../../../engine/load/project-root.js';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { getStepPid, isProcessGone, makeTempDir, readJson, readLines, runCli, startCli, waitFor, WORKFLOWS } from './run-helpers.js';

const CHAIN = join(WORKFLOWS, 'r-chain.yaml');
// a = 1+1, b = a+1, c = b*2+1
const FINAL_OUTPUTS = { a: { value: 2 }, b: { value: 3 }, c: { value: 7 } };

function readOutputs(runDir: string): unknown {
  return readJson<{ outputs: unknown }>(join(runDir, 'run.json')).outputs;
}

describe('ser-flow resume', function () {
  this.timeout(180_000);
  let cwd: string;
  beforeEach(() => {
    cwd = makeTempDir();
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  it('SIGINT to run stops the step process tree and leaves a run that resume completes', async () => {
    const counter = join(cwd, 'counter.txt');
    const runDir = join(cwd, 'runs', 'sig');
    const run = startCli(['run', CHAIN, '--run-id', 'sig', '--set', 'sleep_ms=2000', '--set', `counter=${counter}`], cwd);
    const pid = await waitFor('step a to start', () => getStepPid(runDir, 'a'));
    run.kill('SIGINT');
    const result = await run;
    assert.equal(result.exitCode, 130, String(result.all));
    assert.match(String(result.stderr), /cancelled; continue it with: ser-flow resume .*runs\/sig/);
    await waitFor('the plugin process to be gone', () => isProcessGone(pid), 5000);
    assert.equal(readJson<{ status: string }>(join(runDir, 'run.json')).status, 'cancelled');
    assert.ok(!existsSync(join(runDir, 'steps', 'a', '0', 'result.json')), 'step a did not finish');

    const status = await runCli(['status', runDir], cwd);
    assert.match(status.stdout, /run sig: cancelled[\s\S]*state: {3}a[\s\S]*resume with: ser-flow resume/);

    const resumed = await runCli(['resume', 'sig'], cwd);
    assert.equal(resumed.code, 0, resumed.stderr + resumed.stdout);
    assert.deepEqual(readOutputs(runDir), FINAL_OUTPUTS);
    // a was stopped mid-way (possibly before it wrote its line) and ran again; b and c ran once.
    const calls = readLines(counter);
    assert.deepEqual(calls.slice(-3), ['a', 'b', 'c'], calls.join(','));
    assert.ok(calls.length <= 4, calls.join(','));
    // The re-run of a continues the attempt numbering.
    assert.ok(existsSync(join(runDir, 'steps', 'a', '0', 'attempt-2', 'request.json')));
    const again = await runCli(['resume', 'sig'], cwd);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /already done; nothing to resume/);
  });

  it('after kill -9 of run, resume finishes without re-running finished steps and matches an uninterrupted run', async () => {
    const reference = await runCli(['run', CHAIN, '--run-id', 'reference'], cwd);
    assert.equal(reference.code, 0, reference.stderr);
    assert.deepEqual(readOutputs(join(cwd, 'runs', 'reference')), FINAL_OUTPUTS);

    const counter = join(cwd, 'counter.txt');
    const runDir = join(cwd, 'runs', 'k9');
    const run = startCli(['run', CHAIN, '--run-id', 'k9', '--set', 'sleep_ms=2000', '--set', `counter=${counter}`], cwd);
    const orphan = await waitFor('step b to start', () => getStepPid(runDir, 'b'));
    run.kill('SIGKILL');
    await run;
    assert.equal(readJson<{ status: string }>(join(runDir, 'run.json')).status, 'running');
    const status = await runCli(['status', 'k9'], cwd);
    assert.match(status.stdout, /interrupted \(no ser-flow is running it\)/);

    const resumed = await runCli(['resume', runDir], cwd);
    assert.equal(resumed.code, 0, resumed.stderr + resumed.stdout);
    assert.ok(isProcessGone(orphan), 'the plugin left running by the killed ser-flow is gone');
    assert.deepEqual(readOutputs(runDir), readOutputs(join(cwd, 'runs', 'reference')));
    const calls = readLines(counter);
    assert.equal(calls.filter((c) => c === 'a').length, 1, `a ran once (calls: ${calls.join(',')})`);
    assert.equal(calls.filter((c) => c === 'c').length, 1, `c ran once (calls: ${calls.join(',')})`);
    assert.ok(calls.filter((c) => c === 'b').length <= 2, 'b, killed mid-way, ran at most once more');
  });

  it('after kill -9 of run, the step and its escaped descendants run on; resume ends them and re-runs the state', async () => {
    const pidFile = join(cwd, 'pids.json');
    const runDir = join(cwd, 'runs', 'orphans');
    const run = startCli(['run', join(WORKFLOWS, 'r-orphan.yaml'), '--run-id', 'orphans', '--set', `pid_file=${pidFile}`], cwd);
    await waitFor('the step to record its pids', () => existsSync(pidFile) && getStepPid(runDir, 'hang'));
    const { parent, escaped, orphan } = readJson<{ parent: number; escaped: number; orphan: number }>(pidFile);
    run.kill('SIGKILL');
    await run;
    assert.ok(!isProcessGone(parent) && !isProcessGone(escaped) && !isProcessGone(orphan), 'the killed engine left its step running');
    // What a resume finds if the engine died before recording the step's pid: only the marker leads to it.
    rmSync(join(runDir, 'steps', 'hang', '0', 'attempt-1', 'process.json'));

    const resumed = await runCli(['resume', runDir], cwd);
    assert.equal(resumed.code, 0, resumed.stderr + resumed.stdout);
    assert.ok(isProcessGone(parent) && isProcessGone(escaped) && isProcessGone(orphan), 'resume ended every process of the interrupted attempt');
    assert.match(readFileSync(join(runDir, 'run.log.jsonl'), 'utf8'), /left running by an interrupted ser-flow/);
    assert.deepEqual(readOutputs(runDir), { hang: { attempt: 2 } });
  });

  it('refuses to resume a run that a live ser-flow holds (exit 2)', async () => {
    const runDir = join(cwd, 'runs', 'busy');
    const run = startCli(['run', CHAIN, '--run-id', 'busy', '--set', 'sleep_ms=20000'], cwd);
    await waitFor('step a to start', () => getStepPid(runDir, 'a'));
    const second = await runCli(['resume', 'busy'], cwd);
    assert.equal(second.code, 2);
    assert.match(second.stderr, /run .*busy is in use by another ser-flow \(pid \d+/);
    run.kill('SIGINT');
    assert.equal((await run).exitCode, 130);
  });

  it('a stopped (kill -STOP) engine keeps its run: resume refuses naming its pid, and after kill -CONT it finishes once', async () => {
    const runDir = join(cwd, 'runs', 'stopped');
    const run = startCli(['run', CHAIN, '--run-id', 'stopped', '--set', 'sleep_ms=1500'], cwd);
    await waitFor('step a to start', () => getStepPid(runDir, 'a'));
    const enginePid = run.pid!;
    process.kill(enginePid, 'SIGSTOP');
    try {
      // Longer than proper-lockfile's 10 s stale bound, which used to hand the lock to the next comer.
      await sleep(11_000);
      const second = await runCli(['resume', 'stopped'], cwd);
      assert.equal(second.code, 2, second.stderr + second.stdout);
      assert.match(second.stderr, new RegExp(`in use by another ser-flow \\(pid ${enginePid},`));
      assert.doesNotMatch(second.stderr, /\n\s+at /, 'no stack trace');
    } finally {
      process.kill(enginePid, 'SIGCONT');
    }
    const result = await run;
    assert.equal(result.exitCode, 0, String(result.all));
    assert.doesNotMatch(String(result.all), /lock was lost/);
    assert.deepEqual(readOutputs(runDir), FINAL_OUTPUTS);
    const finished = readLines(join(runDir, 'events.jsonl')).filter((line) => JSON.parse(line).type === 'run-finished');
    assert.equal(finished.length, 1, finished.join('\n'));
    assert.ok(!existsSync(join(runDir, 'steps', 'a', '0', 'attempt-2')), 'step a ran once');
  });

  it('rejects a folder that is not a run (exit 2)', async () => {
    const result = await runCli(['resume', cwd], cwd);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /no run found at/);
  });
});

describe('ser-flow resume with changed plugins', function () {
  this.timeout(120_000);
  let cwd: string;
  beforeEach(() => {
    cwd = makeTempDir();
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  it('refuses (exit 2) when a plugin found again by name has another version', async () => {
    // A private copy of r-add's manifest (same program, imported: a command may not point outside its plugin), so the test can change its version.
    const pluginDir = join(cwd, 'plugins', 'r-add');
    const original = join(getProjectRoot(), 'test', 'plugins-fixtures', 'r-add');
    mkdirSync(pluginDir, { recursive: true });
    const manifest = readFileSync(join(original, 'plugin.yaml'), 'utf8');
    writeFileSync(join(pluginDir, 'plugin.yaml'), manifest);
    writeFileSync(join(pluginDir, 'main.mjs'), `import ${JSON.stringify(join(original, 'main.mjs'))};\n`);
    const workflow = join(cwd, 'one.yaml');
    writeFileSync(workflow, 'name: one\nplugins: [./plugins]\nstart: a\nstates:\n  a:\n    step: r-add\n    with: { value: 1, sleep_ms: 20000 }\n    next: done\n');
    const runDir = join(cwd, 'runs', 'one');
    const run = startCli(['run', workflow, '--run-id', 'one'], cwd);
    await waitFor('step a to start', () => getStepPid(runDir, 'a'));
    run.kill('SIGINT');
    assert.equal((await run).exitCode, 130);
    writeFileSync(join(pluginDir, 'plugin.yaml'), manifest.replace('version: 1.0.0', 'version: 1.0.1'));
    const resumed = await runCli(['resume', runDir], cwd);
    assert.equal(resumed.code, 2);
    assert.match(resumed.stderr, /plugins changed since the run started[\s\S]*state 'a': recorded r-add 1\.0\.0 .* found r-add 1\.0\.1/);
  });
});

const PLUGINS_FIXTURES = join(getProjectRoot(), 'test', 'plugins-fixtures');

/** first (r-add) then flaky (r-flaky, 2 attempts), so a redrive can show that `first` is not run again. */
function writeFlakyWorkflow(cwd: string, failures: number): string {
  const file = join(cwd, 'flaky.yaml');
  writeFileSync(
    file,
    [
      'name: flaky',
      `plugins: [${PLUGINS_FIXTURES}]`,
      'params:',
      '  counter: { type: string }',
      'start: first',
      'states:',
      '  first:',
      '    step: r-add',
      '    with: { value: 1, label: first, counter: "${{ params.counter }}" }',
      '    next: flaky',
      '  flaky:',
      '    step: r-flaky',
      `    with: { failures: ${failures}, counter: "\${{ params.counter }}.flaky" }`,
      '    retry: { max_attempts: 2, backoff: { initial: 10ms } }',
      '    next: done',
      '',
    ].join('\n'),
  );
  return file;
}

function countFinished(runDir: string): number {
  return readLines(join(runDir, 'events.jsonl')).filter((line) => JSON.parse(line).type === 'run-finished').length;
}

describe('ser-flow resume of a failed run (redrive)', function () {
  this.timeout(180_000);
  let cwd: string;
  beforeEach(() => {
    cwd = makeTempDir();
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  it('re-enters the failed state with a fresh retry budget, keeps its earlier attempts and never re-runs finished steps', async () => {
    const counter = join(cwd, 'counter.txt');
    const workflow = writeFlakyWorkflow(cwd, 3);
    const runDir = join(cwd, 'runs', 'fl');
    const failed = await runCli(['run', workflow, '--run-id', 'fl', '--set', `counter=${counter}`], cwd);
    assert.equal(failed.code, 1, failed.stderr + failed.stdout);
    const status = await runCli(['status', 'fl'], cwd);
    assert.match(status.stdout, /resume to redrive from flaky/);
    const firstResult = join(runDir, 'steps', 'first', '0', 'result.json');
    const firstWritten = readFileSync(firstResult, 'utf8');

    // Attempts 3 (fails: invocation 3 of 3 failures) and 4 (succeeds): a fresh budget of 2.
    const resumed = await runCli(['resume', 'fl'], cwd);
    assert.equal(resumed.code, 0, resumed.stderr + resumed.stdout);
    const visit = join(runDir, 'steps', 'flaky', '0');
    for (const n of [1, 2, 3, 4]) assert.ok(existsSync(join(visit, `attempt-${n}`, 'request.json')), `attempt-${n} recorded`);
    assert.ok(!existsSync(join(visit, 'attempt-5')));
    assert.deepEqual(readJson<{ outputs: unknown }>(join(visit, 'result.json')).outputs, { invocations: 4 });
    assert.deepEqual(readLines(counter), ['first'], 'first ran once');
    assert.equal(readFileSync(firstResult, 'utf8'), firstWritten, 'first result untouched');
    assert.ok(!existsSync(join(runDir, 'steps', 'first', '0', 'attempt-2')));
    assert.equal(readJson<{ status: string }>(join(runDir, 'run.json')).status, 'done');
    assert.equal(countFinished(runDir), 2, 'one run-finished per session: failed, then done');
  });

  it('a step killed by kill -9 fails the run, and resume redrives it', async () => {
    const counter = join(cwd, 'counter.txt');
    const runDir = join(cwd, 'runs', 'k9step');
    const run = startCli(['run', CHAIN, '--run-id', 'k9step', '--set', 'sleep_ms=4000', '--set', `counter=${counter}`], cwd);
    const stepPid = await waitFor('step b to start', () => getStepPid(runDir, 'b'));
    process.kill(stepPid, 'SIGKILL');
    const result = await run;
    assert.equal(result.exitCode, 1, String(result.all));
    const aResult = readFileSync(join(runDir, 'steps', 'a', '0', 'result.json'), 'utf8');

    const resumed = await runCli(['resume', 'k9step'], cwd);
    assert.equal(resumed.code, 0, resumed.stderr + resumed.stdout);
    assert.deepEqual(readOutputs(runDir), FINAL_OUTPUTS);
    const calls = readLines(counter);
    assert.equal(calls.filter((c) => c === 'a').length, 1, calls.join(','));
    assert.equal(readFileSync(join(runDir, 'steps', 'a', '0', 'result.json'), 'utf8'), aResult);
    assert.ok(existsSync(join(runDir, 'steps', 'b', '0', 'attempt-2', 'request.json')), 'the redrive continues the attempt numbers');
  });
});

describe('ser-flow resume of damaged or unsafe run folders', function () {
  this.timeout(180_000);
  let cwd: string;
  beforeEach(() => {
    cwd = makeTempDir();
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  /** A run of r-chain cancelled in step b (a finished, b interrupted). */
  async function makeInterruptedRun(id: string): Promise<string> {
    const runDir = join(cwd, 'runs', id);
    const run = startCli(['run', CHAIN, '--run-id', id, '--set', 'sleep_ms=1500'], cwd);
    await waitFor('step b to start', () => getStepPid(runDir, 'b'));
    run.kill('SIGINT');
    assert.equal((await run).exitCode, 130);
    return runDir;
  }

  for (const [name, content] of [
    ['empty', ''],
    ['garbage', '{"status": "act'],
  ] as const) {
    it(`rebuilds ${name === "empty" ? "an" : "a"} ${name} snapshot.json from events.jsonl and finishes without re-running finished steps`, async () => {
      const runDir = await makeInterruptedRun(`snap-${name}`);
      const aResult = readFileSync(join(runDir, 'steps', 'a', '0', 'result.json'), 'utf8');
      writeFileSync(join(runDir, 'snapshot.json'), content);
      const resumed = await runCli(['resume', runDir], cwd);
      assert.equal(resumed.code, 0, resumed.stderr + resumed.stdout);
      assert.match(resumed.stdout + resumed.stderr, /snapshot\.json: it (is empty|is not valid JSON).*rebuilt from events\.jsonl/);
      assert.deepEqual(readOutputs(runDir), FINAL_OUTPUTS);
      assert.equal(readFileSync(join(runDir, 'steps', 'a', '0', 'result.json'), 'utf8'), aResult);
      assert.ok(!existsSync(join(runDir, 'steps', 'a', '0', 'attempt-2')), 'a not re-run');
    });
  }

  it('rebuilds an empty run.json from resolved.json and events.jsonl', async () => {
    const runDir = await makeInterruptedRun('record');
    writeFileSync(join(runDir, 'run.json'), '');
    const resumed = await runCli(['resume', runDir], cwd);
    assert.equal(resumed.code, 0, resumed.stderr + resumed.stdout);
    assert.match(resumed.stdout + resumed.stderr, /run\.json is damaged: it is empty; rebuilt from resolved\.json/);
    assert.deepEqual(readOutputs(runDir), FINAL_OUTPUTS);
    assert.equal(readJson<{ resumes: number }>(join(runDir, 'run.json')).resumes, 1);
  });

  it('refuses a garbage resolved.json with exit 2, naming the file and what to do, without a stack trace', async () => {
    const runDir = await makeInterruptedRun('resolved');
    writeFileSync(join(runDir, 'resolved.json'), 'garbage{');
    const resumed = await runCli(['resume', runDir], cwd);
    assert.equal(resumed.code, 2, resumed.stderr);
    assert.match(resumed.stderr, /resolved\.json is damaged: it is not valid JSON .*start a new run/);
    assert.doesNotMatch(resumed.stderr, /\n\s+at /);
  });

  it('exits 2 with a message when --run-dir cannot be created', async () => {
    const result = await runCli(['run', CHAIN, '--run-dir', '/dev/null/x'], cwd);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /cannot create the run folder \/dev\/null\/x\/.*ENOTDIR/);
    assert.doesNotMatch(result.stderr, /\n\s+at /);
  });

  for (const file of ['events.jsonl', 'snapshot.json']) {
    it(`refuses to write through a symlinked ${file} (exit 2, its target untouched)`, async () => {
      const runDir = await makeInterruptedRun(`link-${file.split('.')[0]}`);
      const target = join(cwd, 'precious.txt');
      writeFileSync(target, readFileSync(join(runDir, file)));
      const before = readFileSync(target, 'utf8');
      rmSync(join(runDir, file));
      symlinkSync(target, join(runDir, file));
      const resumed = await runCli(['resume', runDir], cwd);
      assert.equal(resumed.code, 2, resumed.stderr + resumed.stdout);
      assert.match(resumed.stderr, new RegExp(`${file.replace('.', '\\.')} is a symbolic link`));
      assert.equal(readFileSync(target, 'utf8'), before, 'the link target is unchanged');
    });
  }
});
