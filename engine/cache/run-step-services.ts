import type { StepActorInput, StepActorOutput } from '../compile/run-context.js';
import type { StepRuntime } from '../execute/step-runtime.js';
import { runWithStepLease } from '../devices/lease-step.js';
import { cancelLeftoverSlurmJobs } from '../executors/slurm.js';
import { getStateExecutor } from '../executors/slurm-executors.js';
import { getVisitPaths } from '../store/run-paths.js';
import { getRunCacheStore, getRunTrial } from './cache-config.js';
import { runStepWithCache } from './cache-step.js';

export interface StepServicesOptions {
  runtime: StepRuntime;
  input: StepActorInput;
  signal: AbortSignal;
}

/**
 * What surrounds every step execution: the content-hash cache first (a trial waiting for another trial's
 * identical step holds no GPU), then the GPU/CPU lease, then `run` with the leased GPU ids and the
 * runtime whose executor fits the state (Slurm states get their Slurm executor), and a function that frees
 * the lease early (once the step's process is gone; the lease is freed anyway when `run` ends).
 */
export function runStepWithServices(
  options: StepServicesOptions,
  run: (gpus: string[], runtime: StepRuntime, releaseLease: () => void) => Promise<StepActorOutput>,
): Promise<StepActorOutput> {
  const { runtime, input, signal } = options;
  const trial = getRunTrial(runtime.runDir);
  const trialField = trial === undefined ? {} : { trial };
  const executor = getStateExecutor(runtime.runDir, input.state);
  const stateRuntime = executor ? { ...runtime, executor } : runtime;
  const runOnExecutor = async (gpus: string[], releaseLease: () => void) => {
    if (executor) {
      for (const job of await cancelLeftoverSlurmJobs(getVisitPaths(runtime.runDir, input.state, input.visit).dir)) {
        runtime.logger.log('warn', `cancelled Slurm job ${job}, left running by an interrupted attempt`, { state: input.state });
      }
    }
    return run(gpus, stateRuntime, releaseLease);
  };
  return runStepWithCache({ runtime, input, signal, store: getRunCacheStore(runtime.runDir), ...trialField }, () =>
    runWithStepLease({ runtime, state: input.state, visit: input.visit, signal, ...trialField }, runOnExecutor),
  );
}
