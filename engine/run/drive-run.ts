import { createActor, fromPromise, type Actor, type Snapshot } from 'xstate';
import { compileMachine, type WorkflowMachine } from '../compile/compile-machine.js';
import { getActiveStates } from '../compile/machine-layout.js';
import type { MachineInput, StepActorInput, StepActorOutput } from '../compile/run-context.js';
import { runStepPipeline } from '../execute/run-step-pipeline.js';
import type { StepServices } from '../execute/step-services.js';
import { StepInputRejectedError } from '../execute/run-step.js';
import type { StepRuntime } from '../execute/step-runtime.js';
import { evaluateCondition } from '../expr/index.js';
import { appendRunEvent } from '../store/run-events.js';
import type { RunStatus } from '../store/run-record.js';
import { writeSnapshot } from '../store/run-snapshot.js';

export interface DriveResult {
  status: Exclude<RunStatus, 'running'>;
  error?: string;
  /** The run failed because a step rejected its input (StepInputRejectedError): `run` exits 2. */
  inputError?: boolean;
  outputs: Record<string, Record<string, unknown>>;
}

export interface DriveOptions {
  runtime: StepRuntime;
  services: StepServices;
  input: MachineInput;
  /** A persisted snapshot to continue from (resume); a fresh start without it. */
  snapshot?: Snapshot<unknown>;
}

type Ending = { kind: 'finished' } | { kind: 'error'; error: unknown } | { kind: 'signal'; signal: NodeJS.Signals };

/**
 * Runs the compiled machine to a final state. After every transition the persisted snapshot is written
 * atomically, and each state id that starts running (several inside a parallel or for_each state) gets a
 * `state-entered` event; on SIGINT/SIGTERM the running steps' process trees are stopped and the last snapshot
 * (still in those steps) is kept, so `resume` re-enters them.
 */
export async function driveRun({ runtime, services, input, snapshot }: DriveOptions): Promise<DriveResult> {
  const inFlight = new Set<Promise<unknown>>();
  const inputErrors = new Set<string>();
  const step = fromPromise<StepActorOutput, StepActorInput>(({ input: stepInput, signal }) => {
    const running = runStepPipeline({ runtime, services, input: stepInput, signal });
    inFlight.add(running);
    void running
      .catch((error: unknown) => {
        if (error instanceof StepInputRejectedError) inputErrors.add(error.message);
      })
      .finally(() => inFlight.delete(running));
    return running;
  });
  const machine = compileMachine({ workflow: runtime.workflow, fanOuts: runtime.fanOuts, step, evaluateCondition });
  const actor = snapshot ? createActor(machine, { snapshot, input }) : createActor(machine, { input });
  let persisting = true;
  // `state#visit` of every state running after the last transition (several inside a parallel or for_each state).
  let entered = new Set<string>();

  let endWith: (ending: Ending) => void = () => undefined;
  const ending = new Promise<Ending>((resolve) => {
    endWith = resolve;
    actor.subscribe({
      next: (current) => {
        if (!persisting) return;
        writeSnapshot(runtime.runDir, actor.getPersistedSnapshot());
        const active = current.status === 'active' ? getActiveStates(runtime.workflow, current.value, current.context) : [];
        const now = new Set(active.map(({ state, visit }) => `${state}#${visit}`));
        // A self-loop keeps the state but starts a new visit, so the visit is part of the key.
        for (const { state, visit } of active.filter((a) => !entered.has(`${a.state}#${a.visit}`))) {
          runtime.logger.log('info', `entered (visit ${visit})`, { state });
          appendRunEvent(runtime.runDir, { type: 'state-entered', state, visit });
        }
        entered = now;
        if (current.status === 'done') resolve({ kind: 'finished' });
      },
      error: (error) => resolve({ kind: 'error', error }),
    });
  });
  const onSignal = (signal: NodeJS.Signals) => endWith({ kind: 'signal', signal });
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    actor.start();
    // Restored from a final snapshot (killed after the last transition): nothing is left to run.
    if (actor.getSnapshot().status === 'done') endWith({ kind: 'finished' });
    const result = await finishRun({ runtime, actor, end: await ending, inFlight, stopPersisting: () => (persisting = false) });
    return result.status === 'failed' && result.error !== undefined && inputErrors.has(result.error) ? { ...result, inputError: true } : result;
  } finally {
    // Removed only now: a second Ctrl-C while the step is being stopped must not kill ser-flow half-way.
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

interface FinishOptions {
  runtime: StepRuntime;
  actor: Actor<WorkflowMachine>;
  end: Ending;
  inFlight: Set<Promise<unknown>>;
  stopPersisting: () => void;
}

async function finishRun({ runtime, actor, end, inFlight, stopPersisting }: FinishOptions): Promise<DriveResult> {
  const context = actor.getSnapshot().context;
  const outputs = Object.fromEntries(Object.entries(context.states).map(([name, { outputs: o }]) => [name, o]));

  if (end.kind === 'signal') {
    // Keep the snapshot that still sits in the running state: resume re-enters it.
    stopPersisting();
    runtime.logger.log('warn', `${end.signal} received: stopping the running step and its child processes`);
    actor.stop();
    await Promise.allSettled([...inFlight]);
    return { status: 'cancelled', error: `cancelled by ${end.signal}`, outputs };
  }
  if (end.kind === 'error') {
    stopPersisting();
    actor.stop();
    await Promise.allSettled([...inFlight]);
    return { status: 'failed', error: end.error instanceof Error ? end.error.message : String(end.error), outputs };
  }
  // A fail-fast exit stopped sibling steps: their process trees are ended before the run reports its outcome.
  await Promise.allSettled([...inFlight]);
  const final = actor.getSnapshot();
  return final.value === 'done'
    ? { status: 'done', outputs }
    : { status: 'failed', error: final.context.error ?? 'the run reached the failed state', outputs };
}
