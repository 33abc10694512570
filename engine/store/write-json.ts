import writeFileAtomic from 'write-file-atomic';

function toText(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

/**
 * Writes JSON via a temp file + rename, so readers never see half a file and a kill at any point leaves
 * the old or the new whole file. No fsync: a killed ser-flow loses nothing the kernel holds, and an fsync
 * per transition blocked the event loop (every trial of a grid) for ~5 ms each.
 */
export function writeJsonAtomic(file: string, value: unknown): void {
  writeFileAtomic.sync(file, toText(value), { fsync: false });
}

/**
 * Like writeJsonAtomic, and fsync'd before it resolves, off the event loop: for records that must also
 * survive a machine crash (a step's result.json — resume trusts it instead of re-running the step).
 */
export async function writeJsonDurable(file: string, value: unknown): Promise<void> {
  await writeFileAtomic(file, toText(value));
}
