import { execa } from 'execa';

/** A job's state as scontrol reports it; `gone` once it left slurmctld's memory (MinJobAge). */
export interface SlurmJobState {
  state: string;
  exitCode?: number;
  exitSignal?: number;
  reason?: string;
}

/** Parses `scontrol show job -o <id>` (one line of Key=Value pairs). */
export function parseScontrolJob(line: string): SlurmJobState {
  const field = (key: string) => new RegExp(`(?:^|\\s)${key}=(\\S*)`).exec(line)?.[1];
  const [code, signal] = (field('ExitCode') ?? '').split(':').map(Number);
  return {
    state: (field('JobState') ?? 'UNKNOWN').split('+')[0]!,
    ...(Number.isFinite(code) ? { exitCode: code } : {}),
    ...(Number.isFinite(signal) ? { exitSignal: signal } : {}),
    ...(field('Reason') ? { reason: field('Reason') } : {}),
  };
}

export async function getSlurmJobState(jobId: string): Promise<SlurmJobState> {
  const result = await execa('scontrol', ['show', 'job', '-o', jobId], { reject: false });
  if (result.exitCode !== 0) {
    if (/Invalid job id/i.test(String(result.stderr))) return { state: 'gone' };
    return { state: 'UNKNOWN', reason: String(result.stderr).trim() };
  }
  return parseScontrolJob(String(result.stdout));
}
