import { formatGridStatus } from '../grid/format-grid-status.js';
import { isGridRun } from '../grid/resume-grid-run.js';
import { readRunStatus, type RunStatusReport } from '../run/read-run-status.js';
import { findRunDir } from '../store/find-run-dir.js';
import { EXIT, ExitError } from './exit-error.js';
import { mapRunErrors } from './run-exit.js';

function formatDuration(ms: number): string {
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.floor(ms / 60_000)}m${Math.round((ms % 60_000) / 1000)}s`;
}

/** Human-readable status; pure, so it is easy to test. */
export function formatRunStatus(report: RunStatusReport): string {
  const status = report.status === 'running' && !report.live ? 'interrupted (no ser-flow is running it)' : report.status;
  const lines = [`run ${report.id}: ${status}`, `  folder:  ${report.dir}`, `  started: ${report.startedAt}`];
  if (report.finishedAt) lines.push(`  ended:   ${report.finishedAt}`);
  if (report.current && report.status !== 'done') lines.push(`  state:   ${report.current}`);
  if (report.error) lines.push(`  error:   ${report.error}`);
  lines.push('  states:');
  for (const [name, s] of Object.entries(report.states)) {
    const failed = s.failedAttempts ? `, ${s.failedAttempts} failed` : '';
    const unfinished = s.unfinishedAttempts > 0 ? `, ${s.unfinishedAttempts} ${report.live ? 'running' : 'interrupted'}` : '';
    lines.push(`    ${name}: ${s.visits} visit(s), ${s.attempts} finished attempt(s)${failed}${unfinished}, ${formatDuration(s.durationMs)}`);
    if (s.outputs) lines.push(`      outputs: ${JSON.stringify(s.outputs)}`);
  }
  if ((report.status === 'running' && !report.live) || report.status === 'cancelled') lines.push(`resume with: ser-flow resume ${report.dir}`);
  if (report.redriveFrom) lines.push(`resume to redrive from ${report.redriveFrom} (finished steps are kept): ser-flow resume ${report.dir}`);
  return lines.join('\n');
}

/** `ser-flow status <run> [--json]`. */
export async function statusCommand({ cwd, run, json }: { cwd: string; run: string; json: boolean }): Promise<number> {
  const runDir = findRunDir(cwd, run);
  if (!runDir) throw new ExitError(EXIT.invalidInput, `no run found at ${run} or runs/${run} (a run folder holds run.json); see the ids under ./runs`);
  const report = await mapRunErrors(async () => readRunStatus(runDir));
  console.log(json ? JSON.stringify(report, null, 2) : formatRunStatus(report));
  if (!json && isGridRun(runDir)) console.log(formatGridStatus(runDir).join('\n'));
  return EXIT.ok;
}
