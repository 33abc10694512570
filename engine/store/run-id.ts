import { randomBytes } from 'node:crypto';

/** `<workflow-name>-<yyyymmdd-hhmmss>-<4 hex>` in UTC, e.g. `ser-20250101-120000-a1b2`. */
export function makeRunId(workflowName: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${workflowName}-${stamp}-${randomBytes(2).toString('hex')}`;
}
