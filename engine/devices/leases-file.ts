import { existsSync, readFileSync } from 'node:fs';
import { writeJsonAtomic } from '../store/write-json.js';
import type { PersistedLeases } from './lease-pool.js';

/**
 * A `persist` callback for createLeasePool: rewrites `file` atomically (write, rename) on every lease change.
 * No fsync: after a crash, resume reconciles leases against live processes anyway.
 */
export function makeLeasesWriter(file: string): (snapshot: PersistedLeases) => void {
  return (snapshot) => writeJsonAtomic(file, snapshot);
}

/** The leases a previous engine process left in `file` (none when it is absent). */
export function readLeasesFile(file: string): PersistedLeases {
  if (!existsSync(file)) return { leases: [] };
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as PersistedLeases;
    if (!Array.isArray(parsed.leases)) throw new Error('no "leases" array');
    return parsed;
  } catch (error) {
    throw new Error(`${file}: not a leases file (${(error as Error).message}); delete it if no step of this run is still running`, {
      cause: error,
    });
  }
}
