import { createActor, fromPromise, type Actor, type Snapshot } from 'xstate';
import { compileMachine, type WorkflowMachine } from '../compile/compile-machine.js';
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
 * atomically; on SIGINT/SIGTERM the running step's process tree is stopped and the last snapshot (still in
 * that step) is kept, so `resume` re-enters it.
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
  const machine = compileMachine({ workflow: runtime.workflow, step, evaluateCondition });
  const actor = snapshot ? createActor(machine, { snapshot, input }) : createActor(machine, { input });
  let persisting = true;
  let lastEntered: string | undefined;

  let endWith: (ending: Ending) => void = () => undefined;
  const ending = new Promise<Ending>((resolve) => {
    endWith = resolve;
    actor.subscribe({
      next: (current) => {
        if (!persisting) return;
        writeSnapshot(runtime.runDir, actor.getPersistedSnapshot());
        const value = String(current.value);
        const visit = current.context.visits[value] ?? 0;
        // A self-loop keeps the value but starts a new visit.
        if (`${value}#${visit}` !== lastEntered && current.status === 'active') {
          runtime.logger.log('info', `entered (visit ${visit})`, { state: value });
          appendRunEvent(runtime.runDir, { type: 'state-entered', state: value, visit });
        }
        lastEntered = `${value}#${visit}`;
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
  const final = actor.getSnapshot();
  return final.value === 'done'
    ? { status: 'done', outputs }
    : { status: 'failed', error: final.context.error ?? 'the run reached the failed state', outputs };
}
