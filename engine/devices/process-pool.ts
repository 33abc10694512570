import { getRunPaths } from '../store/run-paths.js';
import { discoverDevices } from './discover-devices.js';
import { createGpuLocks } from './machine-gpu-locks.js';
import { createLeasePool, isHolderProcessAlive, type LeaseHolder, type LeasePool, type PersistedLeases } from './lease-pool.js';
import { makeLeasesWriter, readLeasesFile } from './leases-file.js';

// One pool per engine process: every step of every run (and grid trial) in this process leases from it.
let pool: LeasePool | undefined;
/** run id → its `leases.json` writer; each run folder persists only its own leases. */
const writers = new Map<string, (snapshot: PersistedLeases) => void>();
/** What each run's file holds now: a 27-trial grid must not rewrite 27 files on every lease change. */
const written = new Map<string, string>();

function persistPerRun(snapshot: PersistedLeases): void {
  const perRun = new Map<string, PersistedLeases['leases']>();
  for (const lease of snapshot.leases) perRun.set(lease.holder.run_id, [...(perRun.get(lease.holder.run_id) ?? []), lease]);
  for (const [runId, write] of writers) {
    const own = { leases: perRun.get(runId) ?? [] };
    const text = JSON.stringify(own);
    if (written.get(runId) === text) continue;
    written.set(runId, text);
    write(own);
  }
}

/** The process-wide lease pool, discovered on first use (SER_FLOW_GPUS, nvidia-smi, SER_FLOW_CPU_SLOTS). */
export function getProcessLeasePool(): LeasePool {
  if (!pool) {
    const { devices, cpuSlots } = discoverDevices();
    const ids = devices.map((d) => d.id);
    pool = createLeasePool({ devices: ids, cpuSlots, persist: persistPerRun, ...(ids.length > 0 ? { machineLocks: createGpuLocks() } : {}) });
  }
  return pool;
}

/**
 * Starts persisting a run's leases to `<runDir>/leases.json`. Leases a previous engine process left there
 * (a resumed run) are reconciled: those of steps still running are kept, the rest are freed and returned.
 */
export function registerRunLeases(runId: string, runDir: string): LeaseHolder[] {
  if (writers.has(runId)) return [];
  const file = getRunPaths(runDir).leases;
  const leftover = readLeasesFile(file);
  // What the file says now: rewritten only when reconciling changes it (a fresh run has nothing to write yet).
  written.set(runId, JSON.stringify(leftover));
  writers.set(runId, makeLeasesWriter(file));
  const { freed } = getProcessLeasePool().reconcile(leftover, isHolderProcessAlive);
  return freed;
}
