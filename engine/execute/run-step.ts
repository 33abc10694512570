import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Executor } from '../executors/executor.js';
import { getBackoffMs } from '../compile/normalize-step-options.js';
import type { StepActorInput, StepActorOutput } from '../compile/run-context.js';
import { getPluginIdentity } from '../plugins/loaded-plugin.js';
import { appendRunEvent } from '../store/run-events.js';
import { getAttemptPaths, getVisitPaths } from '../store/run-paths.js';
import { describeErrors, getInputValidator } from './get-validator.js';
import { readRecordedResult, writeRecordedResult } from './recorded-result.js';
import { resolveStepInputs } from './resolve-inputs.js';
import { runAttempt } from './run-attempt.js';
import { describePlugin, type StepRuntime } from './step-runtime.js';
import { readVisitHistory } from './visit-attempts.js';

/** The step failed for good (past its retries, or its inputs are wrong); the message is for the user. */
export class StepFailedError extends Error {}

/** The plugin rejected its input (an `error` event of kind `input`): not retried; `run` exits 2. */
export class StepInputRejectedError extends StepFailedError {}

/** The step was stopped by cancellation; the run is resumable. */
export class StepCancelledError extends Error {}

export interface RunStepOptions {
  runtime: StepRuntime;
  input: StepActorInput;
  signal: AbortSignal;
  /** The state's executor (see StepServices). */
  executor: Executor;
  /** Leased GPU ids (CUDA_VISIBLE_DEVICES). */
  gpus?: string[];
  /**
   * Frees the step's lease: called once the successful attempt's process group is gone, so the next step
   * can start while this one's result.json is being fsync'd. The caller frees it on every other path.
   */
  releaseLease?: () => void;
}

function readStderrTail(file: string, lines = 5): string {
  try {
    return readFileSync(file, 'utf8').split('\n').filter((line) => line.trim()).slice(-lines).map((line) => line.slice(0, 200)).join(' | ');
  } catch {
    return '';
  }
}

function resolveInputs({ runtime, input }: RunStepOptions, label: string): Record<string, unknown> {
  let inputs: unknown;
  try {
    inputs = resolveStepInputs(runtime.states[input.state]!, input.scope);
  } catch (error) {
    throw new StepFailedError(`${label}: could not resolve its \`with\`: ${(error as Error).message}`, { cause: error });
  }
  // Fills in the schema's defaults: the request, the recorded result and the cache key carry them.
  const validate = getInputValidator(runtime.plugins.get(input.state)!.inputSchema);
  const written = JSON.stringify(inputs);
  if (!validate(inputs)) {
    throw new StepFailedError(
      `${label}: its resolved \`with\` ${written} does not match the plugin's input schema: ${describeErrors(validate)}; fix \`states.${input.state}.with\``,
    );
  }
  return inputs as Record<string, unknown>;
}

/**
 * Runs one visit of a state: reuses its recorded result.json if it has one (resume never re-runs a
 * finished step), else resolves and validates inputs and runs attempts with backoff until one succeeds.
 */
export async function runStep(options: RunStepOptions): Promise<StepActorOutput> {
  const { runtime, executor, input, signal, gpus = [], releaseLease } = options;
  const { state, visit } = input;
  const plugin = runtime.plugins.get(state);
  if (!plugin) throw new StepFailedError(`state '${state}': no plugin was loaded for it`);
  const label = `step '${state}' (${describePlugin(plugin)})`;
  const visitPaths = getVisitPaths(runtime.runDir, state, visit);
  const recorded = readRecordedResult(visitPaths.result, plugin);
  if (recorded) {
    runtime.logger.log('info', `visit ${visit} already finished; reusing its recorded outputs`, { state });
    appendRunEvent(runtime.runDir, { type: 'step-reused', state, visit });
    return { outputs: recorded.outputs };
  }
  const inputs = resolveInputs(options, label);
  const { maxAttempts, backoff } = runtime.options[state];
  let { lastAttempt, failures } = readVisitHistory(visitPaths.dir);
  for (;;) {
    const attempt = ++lastAttempt;
    // A first attempt says nothing `entered` did not; a retry follows the warning that explains it.
    runtime.logger.log('info', `attempt ${failures + 1}/${maxAttempts} started`, { state, visit, attempt, detail: attempt === 1 });
    const outcome = await runAttempt({ runtime, executor, state, visit, attempt, inputs, gpus, signal });
    if (outcome.ok) {
      releaseLease?.();
      await writeRecordedResult(visitPaths.result, {
        state,
        visit,
        attempt,
        plugin: getPluginIdentity(plugin),
        inputs,
        outputs: outcome.outputs,
        finished_at: new Date().toISOString(),
      });
      runtime.logger.log('info', `finished: ${JSON.stringify(outcome.outputs).slice(0, 200)}`, { state, visit, attempt });
      return { outputs: outcome.outputs };
    }
    if (outcome.cancelled || signal.aborted) throw new StepCancelledError(`${label} was cancelled during attempt ${attempt}`);
    // Retrying cannot fix a bad input: fail now, with the plugin's message in full.
    if (outcome.inputError !== undefined) throw new StepInputRejectedError(`${label} ${outcome.reason}`);
    failures += 1;
    const stderr = getAttemptPaths(visitPaths.dir, attempt).stderr;
    if (failures >= maxAttempts) {
      const tail = readStderrTail(stderr);
      throw new StepFailedError(`${label} ${outcome.reason} after attempt ${failures}/${maxAttempts}${tail ? `; last stderr lines: ${tail}` : ''}; log: ${stderr}`);
    }
    const delay = getBackoffMs(backoff, failures);
    runtime.logger.log('warn', `attempt ${failures}/${maxAttempts} ${outcome.reason}; retrying in ${delay / 1000}s (log: ${stderr})`, { state, visit, attempt });
    try {
      await sleep(delay, undefined, { signal });
    } catch {
      throw new StepCancelledError(`${label} was cancelled while waiting to retry`);
    }
  }
}
