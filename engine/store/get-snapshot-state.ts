import { isRecord } from './read-json.js';

/**
 * The top-level state a persisted XState snapshot is in: `value` is a state name, or `{block: {…}}` while the
 * run is inside a parallel or for_each state (the block's name). Also accepts the store's `{snapshot}` wrapper.
 */
export function getSnapshotState(snapshot: unknown): string | undefined {
  if (!isRecord(snapshot)) return undefined;
  const inner = isRecord(snapshot.snapshot) ? snapshot.snapshot : snapshot;
  const value = inner.value;
  if (typeof value === 'string') return value;
  if (isRecord(value)) return Object.keys(value)[0];
  return undefined;
}
