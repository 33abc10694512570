import type { StepActorInput, StepActorOutput } from '../compile/run-context.js';
import { cancelLeftoverSlurmJobs } from '../executors/slurm/leftover-jobs.js';
import { getVisitPaths } from '../store/run-paths.js';
import { runStepWithCache } from './cache-step.js';
import { runWithStepLease } from './lease-step.js';
import { runStep } from './run-step.js';
import type { StepServices } from './step-services.js';
import type { StepRuntime } from './step-runtime.js';

export interface StepPipelineOptions {
  runtime: StepRuntime;
  services: StepServices;
  input: StepActorInput;
  signal: AbortSignal;
}

/**
 * One visit of a state through every service, in order: the content-hash cache first (a trial waiting for
 * another trial's identical step holds no GPU), then the GPU/CPU lease, then the state's executor (a Slurm
 * state first cancels a job an interrupted attempt left queued), then the attempts themselves.
 */
export function runStepPipeline({ runtime, services, input, signal }: StepPipelineOptions): Promise<StepActorOutput> {
  const { state, visit } = input;
  const { trial } = services;
  const trialField = trial === undefined ? {} : { trial };
  const executor = services.executors[state]!;
  const isSlurm = runtime.options[state]?.executor === 'slurm';
  const execute = async (gpus: string[], releaseLease: () => void) => {
    if (isSlurm) {
      for (const job of await cancelLeftoverSlurmJobs(getVisitPaths(runtime.runDir, state, visit).dir)) {
        runtime.logger.log('warn', `cancelled Slurm job ${job}, left running by an interrupted attempt`, { state });
      }
    }
    return runStep({ runtime, executor, input, signal, gpus, releaseLease });
  };
  return runStepWithCache({ runtime, input, signal, store: services.cache, ...trialField }, () =>
    runWithStepLease({ runtime, leases: services.leases, state, visit, signal, ...trialField }, execute),
  );
}
