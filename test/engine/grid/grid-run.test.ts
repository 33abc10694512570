import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { getOnlyRun, getPeakConcurrency, readStepLog, runCli, startCli, workflowsDir } from './run-cli.js';

describe('grid: runs through the CLI', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ser-flow-grid-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs every trial in its own folder, the shared prefix once, at most max_parallel at a time; compare ranks them', async () => {
    const log = join(dir, 'steps.jsonl');
    const runs = join(dir, 'runs');
    const wf = join(workflowsDir, 'g-grid.yaml');

    const plan = await runCli(['plan', wf, '--run-dir', runs]);
    assert.equal(plan.exitCode, 0, plan.all);
    assert.match(plan.all, /trial 0 \(trials\/0\):\n {4}pretrain: execute \(no cached result for key \w+\)\n {4}finetune: run time \(depends on pretrain\)/);
    assert.match(plan.all, /trial 3 \(trials\/3\):\n {4}pretrain: reuse \(same key as trial 0, which executes it once/);

    const run = await runCli(['run', wf, '--run-dir', runs], { SER_FLOW_CPU_SLOTS: '4', G_WORK_LOG: log });
    assert.equal(run.exitCode, 0, run.all);
    const lines = readStepLog(log);
    assert.deepEqual(lines.filter((l) => l.label === 'pretrain').length, 1, 'the shared first step must run once');
    assert.deepEqual(lines.map((l) => l.label).filter((l) => l !== 'pretrain').sort(), ['finetune-0.6-1', 'finetune-0.7-1', 'finetune-0.7-2', 'finetune-0.9-2']);
    assert.equal(getPeakConcurrency(lines), 2, 'max_parallel: 2 with 4 CPU slots: two trials at once, never three');
    // The console shows each trial's start (with its combination) and end, not every trial's state lines.
    assert.match(run.all, /\] t3 ▸ trial started: tau=0\.9 lr=2\n/);
    assert.match(run.all, /\] t3 ▸ trial succeeded in \d+\.\d s\n/);
    assert.doesNotMatch(run.all, /entered \(visit/);

    const runDir = getOnlyRun(runs);
    for (const k of [0, 1, 2, 3]) assert.ok(existsSync(join(runDir, 'trials', String(k), 'run.json')), `trial ${k} has its own run folder`);
    const reused = JSON.parse(readFileSync(join(runDir, 'trials', '1', 'steps', 'pretrain', '0', 'result.json'), 'utf8'));
    assert.equal(reused.reused_from.run_id.endsWith('.t0'), true);

    const compare = await runCli(['compare', runDir, '--json']);
    assert.equal(compare.exitCode, 0, compare.all);
    const table = JSON.parse(compare.stdout);
    assert.equal(table.sorted_by, 'finetune.value');
    assert.deepEqual(table.trials.map((t: { trial: number }) => t.trial), [3, 2, 1, 0]);
    assert.deepEqual(table.trials[0], { rank: 1, trial: 3, status: 'succeeded', tau: 0.9, lr: 2, 'finetune.value': 2.8, 'pretrain.value': 1 });

    const replan = await runCli(['plan', wf, '--run-dir', runs]);
    assert.match(replan.all, /trial 0 \(trials\/0\):\n {4}pretrain: reuse \(cached by run g-grid-[\w-]+\.t0 \(pretrain, key \w+\)\)/);
  });

  it('a matrix axis written as an expression over params follows --set: seeds=5 makes 5 trials, each seed in its step request', async () => {
    const runs = join(dir, 'runs');
    const run = await runCli(['run', join(workflowsDir, 'g-grid-seeds.yaml'), '--set', 'seeds=5', '--run-dir', runs]);
    assert.equal(run.exitCode, 0, run.all);
    const runDir = getOnlyRun(runs);
    const trials = JSON.parse(readFileSync(join(runDir, 'trials.json'), 'utf8')).trials;
    assert.deepEqual(trials.map((t: { matrix: object }) => t.matrix), [1, 2, 3, 4, 5].map((seed) => ({ seed })));
    for (const k of [0, 1, 2, 3, 4]) {
      const request = JSON.parse(readFileSync(join(runDir, 'trials', String(k), 'steps', 'work', '0', 'attempt-1', 'request.json'), 'utf8'));
      assert.deepEqual([request.seed, request.inputs.value, request.inputs.label], [k + 1, k + 1, `seed-${k + 1}`], `trial ${k}`);
    }
  });

  it('reuses a cached step on rerun, re-executes it when an input file changes, and obeys --no-cache', async () => {
    const log = join(dir, 'steps.jsonl');
    const data = join(dir, 'data.txt');
    writeFileSync(data, 'hello');
    const wf = join(workflowsDir, 'g-cache.yaml');
    const args = ['run', wf, '--set', `data=${data}`, '--run-dir', join(dir, 'runs')];
    const env = { G_WORK_LOG: log };
    const first = await runCli(args, env);
    assert.equal(first.exitCode, 0, first.all);
    const second = await runCli(args, env);
    assert.equal(second.exitCode, 0, second.all);
    assert.match(second.all, /reused the cached result of run g-cache-/);
    assert.equal(readStepLog(log).length, 1, 'the rerun must not execute the step');

    writeFileSync(data, 'hello, changed');
    const third = await runCli(args, env);
    assert.equal(third.exitCode, 0, third.all);
    assert.equal(readStepLog(log).length, 2, 'changed input content must re-execute');

    const plan = await runCli(['plan', wf, '--set', `data=${data}`, '--run-dir', join(dir, 'runs'), '--no-cache']);
    assert.match(plan.all, /read: execute \(--no-cache\)/);
    const forced = await runCli([...args, '--no-cache'], env);
    assert.equal(forced.exitCode, 0, forced.all);
    assert.equal(readStepLog(log).length, 3, '--no-cache must execute');
  });

  it('gives concurrent GPU steps distinct CUDA_VISIBLE_DEVICES from SER_FLOW_GPUS=0,1; the third waits', async () => {
    const log = join(dir, 'steps.jsonl');
    const run = await runCli(['run', join(workflowsDir, 'g-gpus.yaml'), '--run-dir', join(dir, 'runs')], { SER_FLOW_GPUS: '0,1', G_WORK_LOG: log });
    assert.equal(run.exitCode, 0, run.all);
    const lines = readStepLog(log).sort((a, b) => a.start - b.start);
    assert.equal(lines.length, 3);
    for (const line of lines) {
      assert.match(line.cuda, /^[01]$/);
      assert.deepEqual(line.request_gpus, [line.cuda]);
    }
    const [a, b, c] = lines as [(typeof lines)[0], (typeof lines)[0], (typeof lines)[0]];
    assert.notEqual(a.cuda, b.cuda, 'the two overlapping steps must hold different GPUs');
    assert.ok(c.start >= Math.min(a.end, b.end), 'the third step must wait for a free GPU');
    assert.equal(getPeakConcurrency(lines), 2);
    const leases = JSON.parse(readFileSync(join(getOnlyRun(join(dir, 'runs')), 'trials', '0', 'leases.json'), 'utf8'));
    assert.deepEqual(leases, { leases: [] }, 'every lease is released at the end');
  });

  it('a grid interrupted by SIGINT resumes: finished steps are not re-run, every trial ends succeeded', async () => {
    const log = join(dir, 'steps.jsonl');
    const runs = join(dir, 'runs');
    const wf = join(workflowsDir, 'g-grid.yaml');
    const first = startCli(['run', wf, '--run-dir', runs], { G_WORK_LOG: log });
    // Interrupt once the shared step has been recorded, while the trials' second steps run.
    const recorded = () => readdirSync(runs).some((id) => existsSync(join(runs, id, 'trials', '0', 'steps', 'pretrain', '0', 'result.json')));
    for (let i = 0; i < 200 && !(existsSync(runs) && recorded()); i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 100));
    first.kill('SIGINT');
    const interrupted = await first;
    assert.equal(interrupted.exitCode, 130, String(interrupted.all));
    const runDir = getOnlyRun(runs);
    assert.equal(JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')).status, 'cancelled');

    const resumed = await runCli(['resume', runDir], { G_WORK_LOG: log });
    assert.equal(resumed.exitCode, 0, resumed.all);
    const trials = JSON.parse(readFileSync(join(runDir, 'trials.json'), 'utf8')).trials;
    assert.deepEqual(trials.map((t: { status: string }) => t.status), ['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    const labels = readStepLog(log).map((l) => l.label);
    assert.equal(labels.filter((l) => l === 'pretrain').length, 1, 'the finished shared step is not re-run');
    assert.equal(labels.filter((l) => l.startsWith('finetune')).length, 4, 'each finetune finished exactly once');
  });

  it('with fail_fast, a failed trial cancels the trials after it and the run fails; resume redrives the failed trial', async () => {
    const log = join(dir, 'steps.jsonl');
    const runs = join(dir, 'runs');
    const run = await runCli(['run', join(workflowsDir, 'g-fail-fast.yaml'), '--run-dir', runs], { G_WORK_LOG: log });
    assert.equal(run.exitCode, 1, run.all);
    assert.match(run.all, /3 of 3 trials did not succeed: 0 \(failed\), 1 \(cancelled\), 2 \(cancelled\)/);
    // A trial's errors still reach the console, tagged with the trial.
    assert.match(run.all, /\] t0 ▸ error: run failed: step 'work' .*exited with code 3/);
    const trials = JSON.parse(readFileSync(join(getOnlyRun(runs), 'trials.json'), 'utf8')).trials;
    assert.match(trials[0].error, /exited with code 3/);
    assert.deepEqual(readStepLog(log).map((l) => l.label), ['work-3']);
    const status = await runCli(['status', getOnlyRun(runs)]);
    assert.match(status.all, /trials: {2}3\n {4}failed: 1 \(0\)\n {4}cancelled: 2 \(1, 2\)\nrank them with: ser-flow compare /);
    // The cause fixed, resume redrives the failed trial (a new attempt of its failed step) and runs the cancelled ones.
    const resume = await runCli(['resume', getOnlyRun(runs)], { G_WORK_LOG: log, G_WORK_IGNORE_EXIT: '1' });
    assert.equal(resume.exitCode, 0, resume.all);
    const after = JSON.parse(readFileSync(join(getOnlyRun(runs), 'trials.json'), 'utf8')).trials;
    assert.deepEqual(after.map((t: { status: string }) => t.status), ['succeeded', 'succeeded', 'succeeded']);
    assert.ok(existsSync(join(getOnlyRun(runs), 'trials', '0', 'steps', 'work', '0', 'attempt-2', 'request.json')), 'attempt 1 stays recorded');
    // work-3 ran once per session; trials 1 and 2 share work-0 through the step cache.
    assert.deepEqual(readStepLog(log).map((l) => l.label), ['work-3', 'work-3', 'work-0']);
  });

  it('a grid whose workflow extends a base resumes from the frozen merged copy after the base is deleted', async () => {
    const log = join(dir, 'steps.jsonl');
    const runs = join(dir, 'runs');
    const baseDir = join(dir, 'base');
    mkdirSync(baseDir);
    // The base names the plugins relative to itself; the merged copy rebases them onto the extending file.
    const plugins = relative(baseDir, join(workflowsDir, '..', '..', 'plugins-fixtures'));
    writeFileSync(
      join(baseDir, 'base.yaml'),
      `name: g-base\nplugins: [${plugins}]\nparams:\n  exit: { type: integer, default: 0 }\nstart: work\n` +
        'states:\n  work:\n    step: g-work\n    with: { label: "work-${{ params.exit }}", exit: "${{ params.exit }}" }\n    next: done\n',
    );
    const workflow = join(dir, 'grid.yaml');
    writeFileSync(workflow, 'name: g-extends\nextends: base/base.yaml\ngrid:\n  matrix: { exit: [3, 0] }\n  max_parallel: 1\n  fail_fast: true\n');
    const run = await runCli(['run', workflow, '--run-dir', runs], { G_WORK_LOG: log });
    assert.equal(run.exitCode, 1, run.all);
    rmSync(baseDir, { recursive: true });
    const resume = await runCli(['resume', getOnlyRun(runs)], { G_WORK_LOG: log, G_WORK_IGNORE_EXIT: '1' });
    assert.equal(resume.exitCode, 0, resume.all);
    const after = JSON.parse(readFileSync(join(getOnlyRun(runs), 'trials.json'), 'utf8')).trials;
    assert.deepEqual(after.map((t: { status: string }) => t.status), ['succeeded', 'succeeded']);
    assert.deepEqual(readStepLog(log).map((l) => l.label), ['work-3', 'work-3', 'work-0']);
  });

  it('refuses to resume a grid whose frozen grid no longer matches trials.json', async () => {
    const runs = join(dir, 'runs');
    const run = await runCli(['run', join(workflowsDir, 'g-fail-fast.yaml'), '--run-dir', runs], { G_WORK_LOG: join(dir, 'steps.jsonl') });
    assert.equal(run.exitCode, 1, run.all);
    const frozen = join(getOnlyRun(runs), 'workflow.yaml');
    writeFileSync(frozen, readFileSync(frozen, 'utf8').replace('exit: [3, 0, 0]', 'exit: [3, 0, 0, 1]'));
    const resume = await runCli(['resume', getOnlyRun(runs)], { G_WORK_IGNORE_EXIT: '1' });
    assert.equal(resume.exitCode, 2, resume.all);
    assert.match(resume.all, /cannot resume the grid .*differs from the one in trials\.json it started with; start a new run for the new grid/);
  });
});
