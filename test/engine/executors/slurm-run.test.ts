import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getOnlyRun, readStepLog, runCli, startCli, workflowsDir } from '../grid/run-cli.js';
import { isSlurmInstalled } from './slurm-available.js';

function listQueuedJobs(name: string): string {
  return execFileSync('squeue', ['-h', '-n', name, '-t', 'pending,running,completing,configuring,suspended', '-o', '%A'], { encoding: 'utf8' }).trim();
}

describe('slurm: workflows through the local cluster', function () {
  let dir: string;
  before(function () {
    if (!isSlurmInstalled()) {
      console.log('    (skipped: sinfo is not installed; start a test cluster with `sudo scripts/local-slurm.sh start`)');
      this.skip();
    }
  });
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ser-flow-slurm-run-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs two trials as concurrent Slurm jobs with distinct GPU ids', async () => {
    const log = join(dir, 'steps.jsonl');
    const profile = join(dir, 'slurm-profile.yaml');
    writeFileSync(profile, 'partition: debug\ntime: "10"\n');
    const run = await runCli(['run', join(workflowsDir, 'g-slurm-grid.yaml'), '--run-dir', join(dir, 'runs')], { G_WORK_LOG: log, SER_FLOW_SLURM_PROFILE: profile });
    assert.equal(run.exitCode, 0, run.all);
    const lines = readStepLog(log).sort((a, b) => a.start - b.start);
    assert.equal(lines.length, 2);
    assert.ok(lines[1]!.start < lines[0]!.end, 'both jobs should run at once on the two fake GPUs');
    assert.deepEqual(lines.map((l) => l.cuda).sort(), ['0', '1']);
    for (const line of lines) assert.deepEqual(line.request_gpus, [line.cuda]);
  });

  it('refuses a bad Slurm profile before submitting anything (exit 2)', async () => {
    const profile = join(dir, 'slurm-profile.yaml');
    writeFileSync(profile, 'partiton: debug\n');
    const run = await runCli(['run', join(workflowsDir, 'g-slurm.yaml'), '--run-dir', join(dir, 'runs')], { SER_FLOW_SLURM_PROFILE: profile });
    assert.equal(run.exitCode, 2, run.all);
    assert.match(run.all, /slurm-profile\.yaml: unknown key "partiton"; known keys: partition/);
    assert.equal(existsSync(join(dir, 'runs')), false, 'no run folder is created');
  });

  it("reports a failing job's exit code and log path", async () => {
    const log = join(dir, 'steps.jsonl');
    const run = await runCli(['run', join(workflowsDir, 'g-slurm.yaml'), '--set', 'exit=3', '--set', 'ms=0', '--run-dir', join(dir, 'runs')], { G_WORK_LOG: log });
    assert.equal(run.exitCode, 1, run.all);
    assert.match(run.all, /exited with code 3/);
    assert.match(run.all, /Slurm job \d+ ended FAILED ExitCode=3:0/);
    assert.match(run.all, /log: \S+stderr\.log/);
  });

  it('cancelling the run cancels its jobs', async () => {
    const log = join(dir, 'steps.jsonl');
    const jobName = 'ser-flow-g-slurm';
    assert.equal(listQueuedJobs(jobName), '', 'no leftover jobs from an earlier test');
    const run = startCli(['run', join(workflowsDir, 'g-slurm.yaml'), '--set', 'ms=60000', '--run-dir', join(dir, 'runs')], { G_WORK_LOG: log });
    let queued = '';
    for (let i = 0; i < 150 && !queued; i++) {
      await new Promise((r) => setTimeout(r, 100));
      queued = listQueuedJobs(jobName);
    }
    assert.notEqual(queued, '', 'the step should have been submitted');
    await new Promise((r) => setTimeout(r, 1000));
    run.kill('SIGINT');
    const result = await run;
    assert.equal(result.exitCode, 130, String(result.all));
    assert.equal(listQueuedJobs(jobName), '', 'squeue must be empty after the run was cancelled');
  });

  it('a resumed run cancels the job its killed engine left running before submitting again', async () => {
    const log = join(dir, 'steps.jsonl');
    const jobName = 'ser-flow-g-slurm';
    const runs = join(dir, 'runs');
    const first = startCli(['run', join(workflowsDir, 'g-slurm.yaml'), '--set', 'ms=60000', '--run-dir', runs], { G_WORK_LOG: log });
    let leftover = '';
    for (let i = 0; i < 150 && !leftover; i++) {
      await new Promise((r) => setTimeout(r, 100));
      leftover = listQueuedJobs(jobName);
    }
    assert.notEqual(leftover, '', 'the step should have been submitted');
    first.kill('SIGKILL');
    await first;
    assert.equal(listQueuedJobs(jobName), leftover, 'a killed engine leaves its job running');

    const resumed = startCli(['resume', getOnlyRun(runs)], { G_WORK_LOG: log });
    let queued = leftover;
    // Generous: on a loaded 2-core CI machine the cancelled job can linger in COMPLETING for seconds.
    for (let i = 0; i < 400 && (queued.split('\n').includes(leftover) || queued === ''); i++) {
      await new Promise((r) => setTimeout(r, 100));
      queued = listQueuedJobs(jobName);
    }
    assert.ok(queued !== '' && !queued.split('\n').includes(leftover), `the old job ${leftover} must be cancelled and a new one submitted (queue: ${queued})`);
    resumed.kill('SIGINT');
    const result = await resumed;
    assert.match(String(result.all), new RegExp(`cancelled Slurm job ${leftover}, left running by an interrupted attempt`));
    assert.equal(listQueuedJobs(jobName), '');
  });
});
