import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { createLeasePool } from '../../../engine/devices/lease-pool.js';
import { createGpuLocks } from '../../../engine/devices/machine-gpu-locks.js';
import { cli, getPeakConcurrency, readStepLog, workflowsDir } from '../grid/run-cli.js';

const locksModule = new URL('../../../engine/devices/machine-gpu-locks.js', import.meta.url).href;

/** Another process that locks GPU `id` in `dir`, says so on stdout, and holds it for `ms` (then unlocks and exits). */
function holdInAnotherProcess(dir: string, id: string, ms: number) {
  const script = `
    const { createGpuLocks } = await import(${JSON.stringify(locksModule)});
    const locks = createGpuLocks(${JSON.stringify(dir)});
    if (!locks.tryLock(${JSON.stringify(id)}, { run_id: 'other', state: 'train' })) process.exit(3);
    console.log('locked');
    setTimeout(() => { locks.unlock(${JSON.stringify(id)}); process.exit(0); }, ${ms});`;
  const child = execa(process.execPath, ['--input-type=module', '-e', script], { reject: false });
  const locked = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => String(chunk).includes('locked') && resolve());
    void child.then((result) => reject(new Error(`the holder exited first (${result.exitCode}): ${String(result.stderr)}`)));
  });
  return { child, locked };
}

describe('GPU leases across ser-flow processes on one machine', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ser-flow-gpu-locks-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a GPU another live process holds is busy; once that process is killed, its lock is taken over', async () => {
    const holder = holdInAnotherProcess(dir, '0', 60_000);
    await holder.locked;
    const locks = createGpuLocks(dir);
    assert.equal(locks.isBusy('0'), true);
    assert.equal(locks.tryLock('0', { run_id: 'me', state: 's' }), false);
    assert.equal(locks.isBusy('1'), false);
    holder.child.kill('SIGKILL');
    await holder.child;
    assert.equal(locks.isBusy('0'), false, 'a dead holder does not keep the GPU');
    assert.equal(locks.tryLock('0', { run_id: 'me', state: 's' }), true);
    locks.unlock('0');
  });

  it('a pool waits for a GPU another process holds and takes it when that process lets go', async () => {
    const holder = holdInAnotherProcess(dir, '0', 1200);
    await holder.locked;
    const pool = createLeasePool({ devices: ['0', '1'], cpuSlots: 1, machineLocks: createGpuLocks(dir) });
    const first = await pool.acquire({ holder: { run_id: 'r', state: 'a', visit: 0 }, gpus: 1 });
    assert.deepEqual(first.gpus, ['1'], 'GPU 0 is the other process’s');
    const started = Date.now();
    const second = await pool.acquire({ holder: { run_id: 'r', state: 'b', visit: 0 }, gpus: 1 });
    assert.deepEqual(second.gpus, ['0']);
    assert.ok(Date.now() - started >= 500, 'granted only after the other process released GPU 0');
    first.release();
    second.release();
    await holder.child;
  });

  it('two `ser-flow run` processes with SER_FLOW_GPUS=0 take turns on GPU 0', async () => {
    const log = join(dir, 'steps.jsonl');
    const env = { ...process.env, SER_FLOW_GPUS: '0', SER_FLOW_LEASE_DIR: join(dir, 'leases'), G_WORK_LOG: log };
    const run = (label: string) =>
      execa(process.execPath, [cli, 'run', join(workflowsDir, 'g-gpu-one.yaml'), '--set', `label=${label}`, '--run-dir', join(dir, 'runs')], { env, reject: false, all: true });
    const [a, b] = await Promise.all([run('a'), run('b')]);
    assert.equal(a.exitCode, 0, String(a.all));
    assert.equal(b.exitCode, 0, String(b.all));
    const lines = readStepLog(log);
    assert.deepEqual(lines.map((l) => l.cuda), ['0', '0']);
    assert.equal(getPeakConcurrency(lines), 1, 'the two steps never held GPU 0 at the same time');
  });
});
