import { formatGridStatus } from '../grid/format-grid-status.js';
import { isGridRun } from '../grid/resume-grid-run.js';
import { readRunStatus, type RunStatusReport, type StateStatus } from '../run/read-run-status.js';
import { findRunDir } from '../store/find-run-dir.js';
import { parseMemberId } from '../validate/workflow-view.js';
import { EXIT, ExitError } from './exit-error.js';
import { mapRunErrors } from './run-exit.js';

function formatDuration(ms: number): string {
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.floor(ms / 60_000)}m${Math.round((ms % 60_000) / 1000)}s`;
}

/** Members sort by index (`score[2]` before `score[10]`); branch states keep the order they ran in. */
function getMemberIndex(id: string): number {
  return parseMemberId(id)?.index ?? 0;
}

/** Human-readable status; pure, so it is easy to test. */
export function formatRunStatus(report: RunStatusReport): string {
  const status = report.status === 'running' && !report.live ? 'interrupted (no ser-flow is running it)' : report.status;
  const lines = [`run ${report.id}: ${status}`, `  folder:  ${report.dir}`, `  started: ${report.startedAt}`];
  if (report.finishedAt) lines.push(`  ended:   ${report.finishedAt}`);
  const running = report.running ? ` (${report.running.join(', ')} ${report.live ? 'running' : 'unfinished'})` : '';
  if (report.current && report.status !== 'done') lines.push(`  state:   ${report.current}${running}`);
  if (report.error) lines.push(`  error:   ${report.error}`);
  lines.push('  states:');
  const formatState = (name: string, s: StateStatus, indent: string) => {
    const failed = s.failedAttempts ? `, ${s.failedAttempts} failed` : '';
    const unfinished = s.unfinishedAttempts > 0 ? `, ${s.unfinishedAttempts} ${report.live ? 'running' : 'interrupted'}` : '';
    lines.push(`${indent}${name}: ${s.visits} visit(s), ${s.attempts} finished attempt(s)${failed}${unfinished}, ${formatDuration(s.durationMs)}`);
    if (s.outputs) lines.push(`${indent}  outputs: ${JSON.stringify(s.outputs)}`);
  };
  const entries = Object.entries(report.states);
  const shown = new Set<string>();
  for (const [name, s] of entries) {
    // A block is listed where it or its first member shows, with its members and branch states under it.
    const block = s.block ?? (entries.some(([, other]) => other.block === name) ? name : undefined);
    if (block === undefined) {
      formatState(name, s, '    ');
      continue;
    }
    if (shown.has(block)) continue;
    shown.add(block);
    const own = report.states[block];
    // A block runs no step itself: its visits and (for_each) the members' output lists.
    if (own) lines.push(`    ${block}: ${own.visits} visit(s)`, ...(own.outputs ? [`      outputs: ${JSON.stringify(own.outputs)}`] : []));
    else lines.push(`    ${block}:`);
    const inner = entries.filter(([, other]) => other.block === block).sort(([a], [b]) => getMemberIndex(a) - getMemberIndex(b));
    // A parallel state's branches each under their name (their states in the order they ran), in the order they started.
    const branches = [...new Set(inner.map(([, other]) => other.branch))];
    for (const branch of branches) {
      if (branch !== undefined) lines.push(`      ${branch}:`);
      for (const [innerName, innerStatus] of inner.filter(([, other]) => other.branch === branch)) formatState(innerName, innerStatus, branch === undefined ? '      ' : '        ');
    }
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
