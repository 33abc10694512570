import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';

/** States after which a job runs no more (COMPLETING is not one: processes may still be exiting). */
export const TERMINAL_STATES = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT', 'NODE_FAIL', 'OUT_OF_MEMORY', 'PREEMPTED', 'BOOT_FAIL', 'DEADLINE']);

// Every job this process waits for is polled by ONE `squeue` call per interval, however many trials run:
// a poll per job would load slurmctld (and a 2-core submit host) in proportion to the grid's size.
const waiters = new Map<string, ((state: string) => void)[]>();
let pollMs = 250;
let polling = false;

async function pollUntilIdle(): Promise<void> {
  polling = true;
  try {
    while (waiters.size > 0) {
      await sleep(pollMs);
      const ids = [...waiters.keys()];
      const result = await execa('squeue', ['-h', '-t', 'all', '-o', '%i|%T', '-j', ids.join(',')], { reject: false });
      // slurmctld busy or restarting: ask again on the next tick.
      if (result.exitCode !== 0) continue;
      const states = new Map(
        String(result.stdout)
          .split('\n')
          .filter(Boolean)
          .map((line) => line.split('|') as [string, string]),
      );
      for (const id of ids) {
        const state = states.get(id)?.split('+')[0];
        // Absent from squeue: it ended longer than MinJobAge ago.
        const ended = state === undefined ? 'gone' : TERMINAL_STATES.has(state) ? state : undefined;
        if (!ended) continue;
        for (const resolve of waiters.get(id) ?? []) resolve(ended);
        waiters.delete(id);
      }
    }
  } finally {
    polling = false;
  }
}

/** Resolves with the job's terminal state (or `gone`) once squeue reports it. */
export function waitForSlurmJobEnd(jobId: string, options: { pollMs: number }): Promise<string> {
  pollMs = Math.min(pollMs, options.pollMs);
  return new Promise((resolve) => {
    waiters.set(jobId, [...(waiters.get(jobId) ?? []), resolve]);
    if (!polling) void pollUntilIdle();
  });
}
