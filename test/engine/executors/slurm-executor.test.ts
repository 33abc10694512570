import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LaunchOptions } from '../../../engine/executors/executor.js';
import { cancelLeftoverSlurmJobs } from '../../../engine/executors/slurm/leftover-jobs.js';
import { loadSlurmProfile } from '../../../engine/executors/slurm/profile.js';
import { getSbatchArgs } from '../../../engine/executors/slurm/sbatch-args.js';
import { parseScontrolJob } from '../../../engine/executors/slurm/scontrol.js';
import { createSlurmExecutor } from '../../../engine/executors/slurm/slurm-executor.js';
import { isSlurmInstalled } from './slurm-available.js';

// A step that records what it saw, then sleeps or fails as its request says.
const STEP = `
const fs = require('node:fs');
const request = JSON.parse(fs.readFileSync(process.argv.at(-1), 'utf8'));
fs.writeFileSync(request.inputs.report, JSON.stringify({ cuda: process.env.CUDA_VISIBLE_DEVICES, request_gpus: request.gpus, job: process.env.SLURM_JOB_ID, start: Date.now() }));
setTimeout(() => process.exit(request.inputs.exit), request.inputs.sleep_ms);
`;

describe('slurm: executor (pure parts)', () => {
  it('parses scontrol output and builds sbatch argv without a shell', () => {
    assert.deepEqual(parseScontrolJob('JobId=7 JobName=x JobState=FAILED Reason=NonZeroExitCode Dependency=(null) ExitCode=3:0 RunTime=00:00:01'), {
      state: 'FAILED',
      exitCode: 3,
      exitSignal: 0,
      reason: 'NonZeroExitCode',
    });
    const launch = { attemptDir: '/r', stdoutFile: '/r/o.log', stderrFile: '/r/e.log', cwd: '/r/out', timeoutMs: 90_000 } as LaunchOptions;
    const args = getSbatchArgs({ profile: { partition: 'gpu', extra_args: ['--constraint=a100'] }, gpus: 2, jobName: 'j', launch, script: '/r/job.sh' });
    assert.deepEqual(args, ['--parsable', '--job-name=j', '--comment=ser-flow:/r', '--output=/r/o.log', '--error=/r/e.log', '--chdir=/r/out', '--partition=gpu', '--time=3', '--gres=gpu:2', '--constraint=a100', '/r/job.sh']);
  });

  it('loads slurm-profile.yaml next to the workflow and rejects values that could smuggle options', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ser-flow-profile-'));
    try {
      writeFileSync(join(dir, 'slurm-profile.yaml'), 'partition: debug\naccount: lab\ncpus_per_task: 2\n');
      assert.deepEqual(loadSlurmProfile({ workflowFile: join(dir, 'w.yaml'), env: {} }), { partition: 'debug', account: 'lab', cpus_per_task: 2, source: join(dir, 'slurm-profile.yaml') });
      writeFileSync(join(dir, 'bad.yaml'), 'partition: "debug --wrap=rm"\n');
      assert.throws(() => loadSlurmProfile({ env: { SER_FLOW_SLURM_PROFILE: join(dir, 'bad.yaml') } }), /bad.yaml: "partition" must be a string of letters/);
      writeFileSync(join(dir, 'typo.yaml'), 'partiton: debug\n');
      assert.throws(() => loadSlurmProfile({ env: { SER_FLOW_SLURM_PROFILE: join(dir, 'typo.yaml') } }), /unknown key "partiton"; known keys: partition/);
      assert.throws(() => loadSlurmProfile({ env: { SER_FLOW_SLURM_PROFILE: join(dir, 'none.yaml') } }), /no such file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('slurm: executor against the local cluster', function () {
  let dir: string;
  let attempt = 0;

  before(function () {
    if (!isSlurmInstalled()) {
      console.log('    (skipped: sinfo is not installed; start a test cluster with `sudo scripts/local-slurm.sh start`)');
      this.skip();
    }
    const node = execFileSync('sinfo', ['-h', '-N', '-o', '%T %G'], { encoding: 'utf8' }).trim();
    assert.match(node, /^(idle|mixed|allocated|completing)\S* gpu:2/, `the local cluster is not ready ("${node}"); run scripts/local-slurm.sh start`);
    dir = mkdtempSync(join(tmpdir(), 'ser-flow-slurm-'));
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  function makeLaunch(inputs: { sleep_ms: number; exit: number }, signal = new AbortController().signal, visitDir = dir) {
    const attemptDir = join(visitDir, `attempt-${++attempt}`);
    mkdirSync(join(attemptDir, 'out'), { recursive: true });
    const report = join(attemptDir, 'report.json');
    const request = join(attemptDir, 'request.json');
    writeFileSync(join(dir, 'step.cjs'), STEP);
    writeFileSync(request, JSON.stringify({ inputs: { ...inputs, report }, gpus: [] }));
    const launch: LaunchOptions = {
      argv: [process.execPath, join(dir, 'step.cjs'), request],
      cwd: join(attemptDir, 'out'),
      env: { SER_FLOW_REQUEST: request },
      attemptDir,
      stdoutFile: join(attemptDir, 'stdout.log'),
      stderrFile: join(attemptDir, 'stderr.log'),
      signal,
      killGraceMs: 2000,
    };
    return { launch, report, request, attemptDir };
  }

  const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

  it('concurrent GPU jobs get distinct Slurm GPU ids, also written into the request', async () => {
    const executor = createSlurmExecutor({ gpus: 1, jobName: 'ser-flow-test' });
    const a = makeLaunch({ sleep_ms: 2500, exit: 0 });
    const b = makeLaunch({ sleep_ms: 2500, exit: 0 });
    const [ra, rb] = await Promise.all([executor.launch(a.launch), executor.launch(b.launch)]);
    assert.equal(ra.reason, 'exited');
    assert.equal(rb.reason, 'exited');
    const [sa, sb] = [readJson(a.report), readJson(b.report)];
    assert.deepEqual([sa.cuda, sb.cuda].sort(), ['0', '1']);
    assert.deepEqual(sa.request_gpus, [sa.cuda]);
    assert.deepEqual(readJson(join(a.attemptDir, 'slurm-exit.json')).gpus, [sa.cuda]);
  });

  it('a job without GPUs sees none, and a failing job reports its exit code and log path', async () => {
    const executor = createSlurmExecutor();
    const failing = makeLaunch({ sleep_ms: 0, exit: 3 });
    const result = await executor.launch(failing.launch);
    assert.deepEqual(result.reason === 'exited' && result.exitCode, 3);
    assert.equal(readJson(failing.report).cuda, '');
    assert.match(readFileSync(failing.launch.stderrFile, 'utf8'), /ser-flow: Slurm job \d+ ended FAILED ExitCode=3:0 .*; job output: .*stdout\.log/);
  });

  it('cancelling stops the job: squeue no longer lists it', async () => {
    const controller = new AbortController();
    const executor = createSlurmExecutor({ gpus: 1 });
    const step = makeLaunch({ sleep_ms: 60_000, exit: 0 }, controller.signal);
    let jobId = 0;
    const running = executor.launch({ ...step.launch, onStart: (id) => (jobId = id) });
    for (let i = 0; i < 100 && !readReport(step.report); i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(readReport(step.report), 'the job should have started');
    controller.abort();
    const result = await running;
    assert.equal(result.reason, 'cancelled');
    const queued = execFileSync('squeue', ['-h', '-j', String(jobId), '-t', 'pending,running,completing,configuring', '-o', '%A'], { encoding: 'utf8' });
    assert.equal(queued.trim(), '');
  });

  it('a leftover job whose id file is empty (engine killed mid-write) is found by its comment tag and cancelled', async () => {
    const visitDir = join(dir, 'visit-empty-id');
    const executor = createSlurmExecutor({ gpus: 1, jobName: 'ser-flow-test' });
    const step = makeLaunch({ sleep_ms: 60_000, exit: 0 }, new AbortController().signal, visitDir);
    let jobId = 0;
    const running = executor.launch({ ...step.launch, onStart: (id) => (jobId = id) });
    for (let i = 0; i < 100 && !jobId; i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(jobId, 'the job should have been submitted');
    truncateSync(join(step.attemptDir, 'slurm-job-id'));
    assert.deepEqual(await cancelLeftoverSlurmJobs(visitDir), [String(jobId)]);
    await running;
    const queued = execFileSync('squeue', ['-h', '-j', String(jobId), '-t', 'pending,running,completing,configuring', '-o', '%A'], { encoding: 'utf8' });
    assert.equal(queued.trim(), '');
  });

  it('an engine timeout cancels the job and reports a timeout', async () => {
    const executor = createSlurmExecutor();
    const step = makeLaunch({ sleep_ms: 60_000, exit: 0 });
    const result = await executor.launch({ ...step.launch, timeoutMs: 2500 });
    assert.equal(result.reason, 'timeout');
  });
});

function readReport(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}
