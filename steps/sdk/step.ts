import { appendFileSync } from 'node:fs';
import type { StepEvent } from '../../schemas/generated/events.js';
import type { StepRequest } from '../../schemas/generated/request.js';
import { readRequest } from './read-request.js';

export type Level = 'debug' | 'info' | 'warn' | 'error';

/** Appends one event line synchronously, so a result is on disk before the process exits. */
export function makeEmitter(eventsFile: string): (event: StepEvent) => void {
  return (event) => appendFileSync(eventsFile, JSON.stringify({ ...event, t: Date.now() }) + '\n');
}

/**
 * Inputs as the engine delivers them: it fills in every `default` of the plugin's input schema, so those
 * properties are always present (the generated types keep them optional, as the workflow author sees them).
 */
export type WithDefaults<TInputs, K extends keyof TInputs> = TInputs & { [P in K]-?: Exclude<TInputs[P], undefined> };

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

/**
 * A mistake in the step's input (a bad dataset file, an impossible option): reported as one line without a
 * stack trace, as an `error` event of kind `input`, and exit 2. The engine then does not retry, prints the
 * message in full and exits 2 (docs/protocol.md).
 */
export class StepInputError extends Error {}

/** The exit status that goes with an input `error` event. */
export const EXIT_INPUT = 2;

/**
 * Runs a plugin's main function with the request loaded and termination wired:
 * SIGTERM aborts `signal`; the step gets `graceMs` to checkpoint before the engine escalates to SIGKILL.
 */
export async function runStep<TInputs>(main: (ctx: StepContext<TInputs>) => Promise<void>): Promise<void> {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => controller.abort(new Error(`stopped by ${signal}`));
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  let emit: ((event: StepEvent) => void) | undefined;
  try {
    const request = readRequest() as StepRequest & { inputs: TInputs };
    const emitEvent = makeEmitter(request.events_file);
    emit = emitEvent;
    await main({
      request,
      inputs: request.inputs,
      signal: controller.signal,
      progress: (current, total, message) =>
        emitEvent({ type: 'progress', current, ...(total === undefined ? {} : { total }), ...(message ? { message } : {}) }),
      metric: (name, value, step) => emitEvent({ type: 'metric', name, value, ...(step === undefined ? {} : { step }) }),
      log: (level, message) => emitEvent({ type: 'log', level, message }),
      artifact: (name, path) => emitEvent({ type: 'artifact', name, path }),
      result: (outputs) => emitEvent({ type: 'result', outputs }),
    });
    if (controller.signal.aborted) process.exitCode = 143;
  } catch (error) {
    // Work cut short by the engine's SIGTERM is not a bug in the step: one line, no stack.
    const stopped = controller.signal.aborted ? String((controller.signal.reason as Error).message) : undefined;
    const badInput = !stopped && error instanceof StepInputError;
    const message = stopped ?? (badInput ? (error as Error).message : error instanceof Error ? (error.stack ?? error.message) : String(error));
    emit?.({ type: 'log', level: 'error', message });
    if (badInput) emit?.({ type: 'error', kind: 'input', message });
    console.error(message);
    process.exitCode = stopped ? 143 : badInput ? EXIT_INPUT : 1;
  }
}
