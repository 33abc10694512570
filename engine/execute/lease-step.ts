import { getStepResources } from '../devices/get-step-resources.js';
import { withLease } from '../devices/lease-pool.js';
import type { ProcessLeases } from '../devices/process-leases.js';
import type { StepRuntime } from './step-runtime.js';

export interface LeaseStepOptions {
  runtime: Pick<StepRuntime, 'runId' | 'runDir' | 'options' | 'logger' | 'workflow' | 'states' | 'plugins'>;
  leases: ProcessLeases;
  state: string;
  visit: number;
  signal: AbortSignal;
  trial?: number;
}

/**
 * Runs a local step holding its GPUs (`resources.gpus`) or a CPU slot, released however it ends; `work` may
 * release it earlier (idempotent), e.g. once its process has exited. Slurm steps lease nothing here:
 * Slurm allocates their GPUs and bounds their concurrency.
 */
export async function runWithStepLease<T>(options: LeaseStepOptions, work: (gpus: string[], release: () => void) => Promise<T>): Promise<T> {
  const { runtime, leases, state, visit, signal, trial } = options;
  const stepOptions = runtime.options[state]!;
  if (stepOptions.executor === 'slurm') return work([], () => undefined);
  for (const holder of leases.registerRun(runtime.runId, runtime.runDir)) {
    runtime.logger.log('warn', `freed the lease of ${holder.state} (visit ${holder.visit}), whose step no longer runs`, { state });
  }
  const request = {
    holder: { run_id: runtime.runId, state, visit, ...(trial === undefined ? {} : { trial }), pid: process.pid },
    ...getStepResources(runtime.workflow, runtime.plugins.get(state), runtime.states[state]),
    signal,
  };
  return withLease(leases.getPool(), request, (lease) => {
    if (lease.gpus.length > 0) runtime.logger.log('info', `leased GPU ${lease.gpus.join(',')}`, { state, visit });
    return work(lease.gpus, () => lease.release());
  });
}
