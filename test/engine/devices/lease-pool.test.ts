import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverDevices, parseNvidiaSmi } from '../../../engine/devices/discover-devices.js';
import { createLeasePool, isHolderProcessAlive, withLease } from '../../../engine/devices/lease-pool.js';
import { makeLeasesWriter, readLeasesFile } from '../../../engine/devices/leases-file.js';

const holder = (state: string) => ({ run_id: 'r1', state, visit: 0 });

describe('devices: discovery', () => {
  it('prefers SER_FLOW_GPUS, then configuration, then nvidia-smi', () => {
    const smi = () => '0, GPU-aaa, NVIDIA H100 80GB HBM3, 81559\n1, GPU-bbb, NVIDIA H100 80GB HBM3, 81559\n';
    assert.deepEqual(
      discoverDevices({ env: { SER_FLOW_GPUS: '2,3' }, configured: ['0'], queryNvidiaSmi: smi }).devices.map((d) => d.id),
      ['2', '3'],
    );
    assert.equal(discoverDevices({ env: {}, configured: ['5'], queryNvidiaSmi: smi }).source, 'config');
    const found = discoverDevices({ env: {}, queryNvidiaSmi: smi });
    assert.equal(found.source, 'nvidia-smi');
    assert.deepEqual(found.devices[1], { id: '1', uuid: 'GPU-bbb', name: 'NVIDIA H100 80GB HBM3', memoryMiB: 81559 });
    assert.deepEqual(discoverDevices({ env: {}, queryNvidiaSmi: () => undefined }).devices, []);
    assert.deepEqual(discoverDevices({ env: { SER_FLOW_GPUS: 'none' }, queryNvidiaSmi: smi }).devices, []);
    assert.equal(discoverDevices({ env: { SER_FLOW_CPU_SLOTS: '3' } }).cpuSlots, 3);
  });

  it('rejects malformed settings with a message that says how to fix them', () => {
    assert.throws(() => discoverDevices({ env: { SER_FLOW_GPUS: '0;1' } }), /SER_FLOW_GPUS: "0;1" is not a GPU id; expected a comma-separated list/);
    assert.throws(() => discoverDevices({ env: { SER_FLOW_GPUS: '0,0' } }), /lists a GPU twice/);
    assert.throws(() => discoverDevices({ env: { SER_FLOW_CPU_SLOTS: '0' } }), /SER_FLOW_CPU_SLOTS: "0" is not a positive integer/);
  });

  it('parses nvidia-smi output with units', () => {
    assert.deepEqual(parseNvidiaSmi('0, GPU-x, Tesla T4, 15360 MiB\n'), [{ id: '0', uuid: 'GPU-x', name: 'Tesla T4', memoryMiB: 15360 }]);
  });
});

describe('devices: lease pool', () => {
  it('gives concurrent steps distinct GPUs; the third waits until one is released', async () => {
    const pool = createLeasePool({ devices: ['0', '1'], cpuSlots: 2 });
    const a = await pool.acquire({ holder: holder('a'), gpus: 1 });
    const b = await pool.acquire({ holder: holder('b'), gpus: 1 });
    assert.notDeepEqual(a.gpus, b.gpus);
    let cGpus: string[] | undefined;
    const c = pool.acquire({ holder: holder('c'), gpus: 1 }).then((lease) => ((cGpus = lease.gpus), lease));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(cGpus, undefined, 'the third request must wait');
    b.release();
    b.release(); // idempotent: must not free a GPU twice
    assert.deepEqual((await c).gpus, b.gpus);
    assert.equal(pool.snapshot().leases.length, 2);
  });

  it('serves requests first come, first served, and frees the lease on failure and on cancel', async () => {
    const pool = createLeasePool({ devices: ['0', '1'], cpuSlots: 1 });
    await assert.rejects(
      withLease(pool, { holder: holder('x'), gpus: 2 }, async () => {
        throw new Error('step failed');
      }),
      /step failed/,
    );
    assert.equal(pool.snapshot().leases.length, 0);
    const one = await pool.acquire({ holder: holder('one'), gpus: 1 });
    const order: string[] = [];
    const big = pool.acquire({ holder: holder('big'), gpus: 2 }).then((l) => (order.push('big'), l));
    const small = pool.acquire({ holder: holder('small'), gpus: 1 }).then((l) => (order.push('small'), l));
    const controller = new AbortController();
    const cancelled = pool.acquire({ holder: holder('cancelled'), gpus: 0, signal: controller.signal });
    controller.abort(new Error('cancelled by user'));
    await assert.rejects(cancelled, /cancelled by user/);
    one.release();
    (await big).release();
    (await small).release();
    assert.deepEqual(order, ['big', 'small']);
    assert.equal(pool.snapshot().leases.length, 0);
  });

  it('bounds steps without GPUs by CPU slots and refuses impossible requests', async () => {
    const pool = createLeasePool({ devices: [], cpuSlots: 1 });
    const first = await pool.acquire({ holder: holder('a'), gpus: 0 });
    let second = false;
    const next = pool.acquire({ holder: holder('b'), gpus: 0, cpus: 4 }).then((l) => ((second = true), l));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(second, false);
    first.release();
    assert.equal((await next).cpuSlots, 1, 'a request above the pool takes the whole pool instead of deadlocking');
    await assert.rejects(pool.acquire({ holder: holder('g'), gpus: 1 }), /asks for 1 GPU\(s\) but no GPUs were found; lower resources.gpus, or list the devices with SER_FLOW_GPUS/);
  });

  it('persists leases and, on resume, keeps those of running steps and frees the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ser-flow-leases-'));
    try {
      const file = join(dir, 'leases.json');
      const before = createLeasePool({ devices: ['0', '1'], cpuSlots: 2, persist: makeLeasesWriter(file) });
      const alive = await before.acquire({ holder: holder('alive'), gpus: 1 });
      alive.update({ pid: process.pid });
      const dead = await before.acquire({ holder: holder('dead'), gpus: 1 });
      dead.update({ pid: 2 ** 22 + 12345 }); // above pid_max: never a live process
      assert.equal(JSON.parse(readFileSync(file, 'utf8')).leases.length, 2);

      const after = createLeasePool({ devices: ['0', '1'], cpuSlots: 2, persist: makeLeasesWriter(file) });
      const { kept, freed } = after.reconcile(readLeasesFile(file), isHolderProcessAlive);
      assert.deepEqual(kept.map((l) => l.holder.state), ['alive']);
      assert.deepEqual(freed.map((h) => h.state), ['dead']);
      assert.deepEqual((await after.acquire({ holder: holder('new'), gpus: 1 })).gpus, dead.gpus);
      assert.deepEqual(readLeasesFile(file).leases.map((l) => l.holder.state).sort(), ['alive', 'new']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
