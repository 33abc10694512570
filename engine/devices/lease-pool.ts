import { isProcessAlive } from '../store/lock-owner.js';
import type { GpuLocks } from './machine-gpu-locks.js';

/** Who holds a lease: enough to find the step again after a restart. */
export interface LeaseHolder {
  run_id: string;
  state: string;
  visit: number;
  trial?: number;
  attempt?: number;
  /** The step's process (local) or job id (slurm), once known: resume checks whether it still runs. */
  pid?: number;
  job_id?: string;
}

export interface Lease {
  gpus: string[];
  cpuSlots: number;
  holder: LeaseHolder;
  /** Idempotent; call on every exit path (success, failure, timeout, cancel). */
  release(): void;
  /** Records the pid or job id once the step has started, so the persisted state can be reconciled. */
  update(fields: Pick<LeaseHolder, 'pid' | 'job_id'>): void;
}

/** Part of the persisted run state (`leases.json`): plain JSON. */
export interface PersistedLeases {
  leases: { holder: LeaseHolder; gpus: string[]; cpu_slots: number }[];
}

export interface LeaseRequest {
  holder: LeaseHolder;
  /** GPUs to lease (0: the step takes CPU slots instead). */
  gpus: number;
  /** CPU slots for a step without GPUs (default 1; more than the pool has means the whole pool). */
  cpus?: number;
  signal?: AbortSignal;
}

export interface LeasePool {
  readonly devices: readonly string[];
  readonly cpuSlots: number;
  /** Waits (first come, first served) until the request fits, then leases it. */
  acquire(request: LeaseRequest): Promise<Lease>;
  snapshot(): PersistedLeases;
  /**
   * Re-takes persisted leases whose holder still runs (`isRunning`) and frees the rest: the resume path.
   * Returns the kept leases (release them when their step ends) and the freed holders.
   */
  reconcile(persisted: PersistedLeases, isRunning: (holder: LeaseHolder) => boolean): { kept: Lease[]; freed: LeaseHolder[] };
}

export interface LeasePoolOptions {
  devices: string[];
  cpuSlots: number;
  /** Keeps other ser-flow processes on this machine off the GPUs this pool leases (and this pool off theirs). */
  machineLocks?: GpuLocks;
  /** Called with the new state after every change (e.g. to write `leases.json` atomically). */
  persist?: (snapshot: PersistedLeases) => void;
}

interface Waiter {
  request: LeaseRequest;
  resolve: (lease: Lease) => void;
  reject: (error: unknown) => void;
}

function describeHolder(holder: LeaseHolder): string {
  return `${holder.trial === undefined ? '' : `trial ${holder.trial} `}state "${holder.state}" (visit ${holder.visit})`;
}

// While a request waits for GPUs another process holds, the pool looks again this often (no event tells it).
const MACHINE_POLL_MS = 500;

/** A pool of GPU ids and CPU slots shared by every step (and every grid trial) of one engine process. */
export function createLeasePool(options: LeasePoolOptions): LeasePool {
  const { devices, cpuSlots, persist, machineLocks } = options;
  const gpuHolder = new Map<string, Lease>();
  const active = new Set<Lease>();
  let freeCpuSlots = cpuSlots;
  const queue: Waiter[] = [];
  let poll: NodeJS.Timeout | undefined;

  const snapshot = (): PersistedLeases => ({
    leases: [...active].map((lease) => ({ holder: { ...lease.holder }, gpus: [...lease.gpus], cpu_slots: lease.cpuSlots })),
  });
  const changed = () => persist?.(snapshot());

  function slotsFor(request: LeaseRequest): number {
    return request.gpus > 0 ? 0 : Math.min(Math.max(request.cpus ?? 1, 1), cpuSlots);
  }

  function take(holder: LeaseHolder, gpus: string[], slots: number): Lease {
    let released = false;
    const lease: Lease = {
      gpus,
      cpuSlots: slots,
      holder: { ...holder },
      release() {
        if (released) return;
        released = true;
        for (const id of gpus) {
          gpuHolder.delete(id);
          machineLocks?.unlock(id);
        }
        freeCpuSlots += slots;
        active.delete(lease);
        changed();
        grantWaiting();
      },
      update(fields) {
        Object.assign(lease.holder, fields);
        if (fields.pid !== undefined) for (const id of gpus) machineLocks?.setStepPid(id, fields.pid);
        changed();
      },
    };
    for (const id of gpus) gpuHolder.set(id, lease);
    freeCpuSlots -= slots;
    active.add(lease);
    return lease;
  }

  /** Leases the request if it fits now (GPUs free here and not held by another process, CPU slots free). */
  function tryGrant(request: LeaseRequest): Lease | undefined {
    if (freeCpuSlots < slotsFor(request)) return undefined;
    const free = request.gpus === 0 ? [] : devices.filter((id) => !gpuHolder.has(id) && !machineLocks?.isBusy(id));
    if (free.length < request.gpus) return undefined;
    const gpus = free.slice(0, request.gpus);
    // Another process may take one of them between isBusy and here: then the request waits on.
    const locked: string[] = [];
    for (const id of gpus) {
      if (!(machineLocks?.tryLock(id, { run_id: request.holder.run_id, state: request.holder.state }) ?? true)) {
        for (const taken of locked) machineLocks?.unlock(taken);
        return undefined;
      }
      locked.push(id);
    }
    const lease = take(request.holder, gpus, slotsFor(request));
    changed();
    return lease;
  }

  // Strictly in arrival order: a large request is never starved by a stream of small ones.
  function grantWaiting(): void {
    while (queue.length > 0) {
      const lease = tryGrant(queue[0]!.request);
      if (!lease) break;
      queue.shift()!.resolve(lease);
    }
    // GPUs other processes hold come free without telling this one: look again while anyone waits.
    if (machineLocks && queue.length > 0) poll ??= setTimeout(() => ((poll = undefined), grantWaiting()), MACHINE_POLL_MS);
  }

  async function acquire(request: LeaseRequest): Promise<Lease> {
    if (request.gpus > devices.length) {
      throw new Error(
        `${describeHolder(request.holder)} asks for ${request.gpus} GPU(s) but ${devices.length === 0 ? 'no GPUs were found' : `only ${devices.length} exist (${devices.join(',')})`}; ` +
          'lower resources.gpus, or list the devices with SER_FLOW_GPUS=0,1,...',
      );
    }
    request.signal?.throwIfAborted();
    const lease = queue.length === 0 ? tryGrant(request) : undefined;
    if (lease) return lease;
    return new Promise<Lease>((resolve, reject) => {
      const waiter: Waiter = { request, resolve, reject };
      const onAbort = () => {
        const index = queue.indexOf(waiter);
        if (index >= 0) queue.splice(index, 1);
        reject(request.signal?.reason);
        grantWaiting();
      };
      waiter.resolve = (lease) => {
        request.signal?.removeEventListener('abort', onAbort);
        resolve(lease);
      };
      request.signal?.addEventListener('abort', onAbort, { once: true });
      queue.push(waiter);
      grantWaiting();
    });
  }

  function reconcile(persisted: PersistedLeases, isRunning: (holder: LeaseHolder) => boolean) {
    const kept: Lease[] = [];
    const freed: LeaseHolder[] = [];
    for (const { holder, gpus, cpu_slots } of persisted.leases) {
      const usable = gpus.every((id) => devices.includes(id) && !gpuHolder.has(id)) && cpu_slots <= freeCpuSlots;
      if (usable && isRunning(holder)) {
        for (const id of gpus) machineLocks?.tryLock(id, { run_id: holder.run_id, state: holder.state });
        kept.push(take(holder, gpus, cpu_slots));
      } else freed.push(holder);
    }
    changed();
    return { kept, freed };
  }

  return { devices, cpuSlots, acquire, snapshot, reconcile };
}

/** Runs `work` holding a lease, releasing it however `work` ends. */
export async function withLease<T>(pool: LeasePool, request: LeaseRequest, work: (lease: Lease) => Promise<T>): Promise<T> {
  const lease = await pool.acquire(request);
  try {
    return await work(lease);
  } finally {
    lease.release();
  }
}

/** The default liveness check for persisted leases: the holder's process still exists. */
export function isHolderProcessAlive(holder: LeaseHolder): boolean {
  return holder.pid !== undefined && isProcessAlive(holder.pid);
}
