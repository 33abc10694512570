import type { Duration } from '../../schemas/generated/workflow.js';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** Converts a workflow duration (a number of seconds, or "500ms" / "90s" / "5m" / "2h") to milliseconds. */
export function parseDuration(duration: Duration): number {
  if (typeof duration === 'number') return duration * 1000;
  const match = /^([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)$/.exec(duration.trim());
  if (!match) {
    throw new Error(`invalid duration "${duration}": expected seconds as a number or a string such as "500ms", "90s", "5m", "2h"`);
  }
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}
