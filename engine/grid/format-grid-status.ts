import { readTrialsFile } from './trials-file.js';

/** Lines `ser-flow status` adds for a grid run: trials per status (with their indices) and what to run next. */
export function formatGridStatus(runDir: string): string[] {
  const { trials } = readTrialsFile(runDir);
  const byStatus = new Map<string, number[]>();
  for (const trial of trials) byStatus.set(trial.status, [...(byStatus.get(trial.status) ?? []), trial.index]);
  const lines = [`  trials:  ${trials.length}`];
  for (const [status, indices] of byStatus) {
    lines.push(`    ${status}: ${indices.length}${status === 'succeeded' ? '' : ` (${indices.join(', ')})`}`);
  }
  lines.push(`rank them with: ser-flow compare ${runDir}`);
  return lines;
}
