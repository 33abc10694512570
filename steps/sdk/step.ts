import type { StepRequest } from '../../schemas/generated/request.js';
import { makeEmitter } from './emit.js';
import { readRequest } from './read-request.js';

export type Level = 'debug' | 'info' | 'warn' | 'error';

export interface StepContext<TInputs> {
  request: StepRequest & { inputs: TInputs };
  inputs: TInputs;
  /** Aborted on SIGTERM/SIGINT: long loops should check it, checkpoint and return. */
  signal: AbortSignal;
  progress(current: number, total?: number, message?: string): void;
  metric(name: string, value: number, step?: number): void;
  log(level: Level, message: string): void;
  artifact(name: string, path: string): void;
  result(outputs: Record<string, unknown>): void;
}

/** A mistake in the step's input: reported as one line, without a stack trace. */
export class StepInputError extends Error {}

/**
 * Runs a plugin's main function with the request loaded and termination wired:
 * SIGTERM aborts `signal`; the step gets `graceMs` to checkpoint before the engine escalates to SIGKILL.
 */
export async function runStep<TInputs>(main: (ctx: StepContext<TInputs>) => Promise<void>): Promise<void> {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => controller.abort(new Error(`stopped by ${signal}`));
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  let emitLog: ((level: Level, message: string) => void) | undefined;
  try {
    const request = readRequest() as StepRequest & { inputs: TInputs };
    const emit = makeEmitter(request.events_file);
    emitLog = (level, message) => emit({ type: 'log', level, message });
    await main({
      request,
      inputs: request.inputs,
      signal: controller.signal,
      progress: (current, total, message) =>
        emit({ type: 'progress', current, ...(total === undefined ? {} : { total }), ...(message ? { message } : {}) }),
      metric: (name, value, step) => emit({ type: 'metric', name, value, ...(step === undefined ? {} : { step }) }),
      log: emitLog,
      artifact: (name, path) => emit({ type: 'artifact', name, path }),
      result: (outputs) => emit({ type: 'result', outputs }),
    });
    if (controller.signal.aborted) process.exitCode = 143;
  } catch (error) {
    // Work cut short by the engine's SIGTERM is not a bug in the step: one line, no stack.
    const stopped = controller.signal.aborted ? String((controller.signal.reason as Error).message) : undefined;
    const message = stopped ?? (error instanceof StepInputError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error));
    emitLog?.('error', message);
    console.error(message);
    process.exitCode = controller.signal.aborted ? 143 : 1;
  }
}
