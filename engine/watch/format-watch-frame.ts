import { formatDuration } from '../report/format-value.js';
import type { WatchStep, WatchView } from './get-watch-view.js';

const BAR_WIDTH = 24;

function formatProgress(step: WatchStep): string {
  if (step.finished) return 'finished';
  const p = step.progress;
  if (!p) return `running (attempt ${step.attempts})`;
  const ratio = p.total ? Math.min(1, p.current / p.total) : undefined;
  const bar = ratio === undefined ? '' : `[${'#'.repeat(Math.round(ratio * BAR_WIDTH)).padEnd(BAR_WIDTH, '.')}] `;
  const count = p.total ? `${p.current}/${p.total}` : `${p.current}`;
  return `${bar}${count}${p.message ? ` ${p.message}` : ''} (attempt ${step.attempts})`;
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
}

/** One screenful of text describing the run now. */
export function formatWatchFrame(view: WatchView, now: number): string {
  const lines = [
    `${view.workflow} · ${view.id}`,
    `status: ${view.status}${view.current ? ` · state: ${view.current}${view.running ? ` (${view.running.join(', ')})` : ''}` : view.final ? ` · ended in ${view.final}` : ''}` +
      (view.startedAt !== undefined ? ` · ${view.finishedAt ? 'took' : 'elapsed'} ${formatDuration((view.finishedAt ?? now) - view.startedAt)}` : ''),
  ];
  if (view.visits.length) {
    lines.push(`visits: ${view.visits.map((v) => `${v.state} ${v.count}${v.max ? `/${v.max}` : ''}`).join(', ')}`);
  }
  if (view.trials) lines.push(`trials: ${Object.entries(view.trials).map(([s, n]) => `${n} ${s}`).join(', ')}`);
  for (const trial of view.runningTrials ?? []) {
    const step = trial.step && !trial.step.finished ? `  ${formatProgress(trial.step)}` : '';
    lines.push(`  ${trial.id}: ${trial.current ?? 'starting'}${step}`);
  }
  if (view.steps.length) {
    lines.push('steps:');
    let block: string | undefined;
    for (const step of view.steps) {
      // A block's members and branch states are listed under a line naming it, several of them running at once.
      if (step.block && step.block !== block) lines.push(`  ${step.block}:`);
      block = step.block;
      lines.push(`${step.block ? '    ' : '  '}${step.state} #${step.visit}  ${formatProgress(step)}`);
    }
  }
  if (view.metrics.length) {
    lines.push('metrics:');
    for (const m of view.metrics) lines.push(`  ${m.name} = ${formatNumber(m.value)}${m.step !== undefined ? ` (step ${m.step})` : ''}`);
  }
  return lines.join('\n') + '\n';
}
