import { mkdirSync, writeFileSync } from 'node:fs';
import { constants } from 'node:os';
import type { StepEvent } from '../../schemas/generated/events.js';
import type { StepRequest } from '../../schemas/generated/request.js';
import type { Executor, LaunchResult } from '../executors/executor.js';
import { appendRunEvent } from '../store/run-events.js';
import { getAttemptPaths, getVisitPaths } from '../store/run-paths.js';
import { writeJsonAtomic } from '../store/write-json.js';
import { describeErrors, getValidator } from './get-validator.js';
import { getCommandArgv } from './resolve-command.js';
import type { StepRuntime } from './step-runtime.js';
import { tailEvents } from './tail-events.js';

export type AttemptOutcome =
  | { ok: true; outputs: Record<string, unknown> }
  /**
   * `reason` completes "step 'x' (plugin …) <reason>". `inputError`: the plugin's own words from an
   * `error` event of kind `input` (docs/protocol.md): the user must fix an input, so no retry.
   */
  | { ok: false; cancelled: boolean; reason: string; inputError?: string };

export interface AttemptOptions {
  runtime: StepRuntime;
  executor: Executor;
  state: string;
  visit: number;
  attempt: number;
  inputs: Record<string, unknown>;
  gpus: string[];
  signal: AbortSignal;
}

/** A signal's name from a name or Slurm's `signal 9`; undefined when it names none. */
function getSignalName(signal: string): string | undefined {
  const number = Number(/^signal (\d+)$/.exec(signal)?.[1]);
  if (Number.isInteger(number)) return Object.entries(constants.signals).find(([, n]) => n === number)?.[0];
  return signal in constants.signals ? signal : undefined;
}

/** The OOM killer sends SIGKILL: the commonest unasked-for end of a step on a shared GPU machine. */
function describeSignal(name: string): string {
  return name === 'SIGKILL' ? 'SIGKILL — out of memory? (the kernel OOM killer sends SIGKILL; `dmesg` or `journalctl -k` tells)' : name;
}

function describeLaunch(result: LaunchResult, timeoutMs: number | undefined): string {
  switch (result.reason) {
    case 'exited':
      return `exited with code ${result.exitCode}`;
    case 'killed':
      return `was killed by ${describeSignal(getSignalName(result.signal) ?? result.signal)}`;
    case 'timeout':
      return `timed out after ${(timeoutMs ?? 0) / 1000}s (the state's timeout) and was killed with its child processes`;
    case 'cancelled':
      return 'was cancelled';
    case 'spawn-failed':
      return `could not be started: ${result.message}`;
  }
}

/** Runs one attempt: request file, plugin process, events; the outcome is also written to outcome.json. */
export async function runAttempt(options: AttemptOptions): Promise<AttemptOutcome> {
  const { runtime, executor, state, visit, attempt, inputs, gpus, signal } = options;
  const plugin = runtime.plugins.get(state)!;
  const stepOptions = runtime.options[state];
  const visitPaths = getVisitPaths(runtime.runDir, state, visit);
  const paths = getAttemptPaths(visitPaths.dir, attempt);
  mkdirSync(paths.dir, { recursive: true });
  mkdirSync(visitPaths.out, { recursive: true });
  writeFileSync(paths.events, '');
  const { name, version, implementation } = plugin.manifest;
  const request: StepRequest = {
    protocol: 1,
    run_id: runtime.runId,
    state,
    visit,
    attempt,
    plugin: { name, version, dir: plugin.dir, ...(implementation ? { implementation } : {}) },
    inputs,
    output_dir: visitPaths.out,
    events_file: paths.events,
    seed: runtime.seed,
    gpus,
  };
  writeJsonAtomic(paths.request, request);

  let result: StepEvent & { type: 'result' } | undefined;
  let inputError: string | undefined;
  const tail = tailEvents({
    file: paths.events,
    onEvent: (event) => {
      if (event.type === 'result') result = event;
      else if (event.type === 'error') inputError = event.message;
      else if (event.type === 'progress') {
        runtime.logger.progress(state, event);
        appendRunEvent(runtime.runDir, { type: 'progress', state, visit, current: event.current, ...(event.total === undefined ? {} : { total: event.total }), ...(event.message ? { message: event.message } : {}) });
      } else if (event.type === 'metric') {
        // A metric with a step is one point of a series (every training step): detail a log file need not hold.
        runtime.logger.log('info', `${event.name} = ${event.value}${event.step === undefined ? '' : ` (step ${event.step})`}`, { state, metric: event.name, value: event.value, detail: event.step !== undefined });
        appendRunEvent(runtime.runDir, { type: 'metric', state, visit, name: event.name, value: event.value, ...(event.step === undefined ? {} : { step: event.step }) });
      } else if (event.type === 'log') {
        runtime.logger.log(event.level, event.message, { state });
        appendRunEvent(runtime.runDir, { type: 'log', state, visit, level: event.level, message: event.message });
      } else {
        runtime.logger.log('debug', `artifact ${event.name}: ${event.path}`, { state });
      }
    },
    onInvalid: (line, reason) => {
      const message = `${paths.events}:${line}: ignored a bad event line: ${reason}`;
      runtime.logger.log('warn', message, { state });
      appendRunEvent(runtime.runDir, { type: 'warning', state, message });
    },
  });

  const started = Date.now();
  let launched: LaunchResult;
  try {
    launched = await executor.launch({
      argv: getCommandArgv(plugin, paths.request),
      cwd: visitPaths.out,
      env: { SER_FLOW_REQUEST: paths.request, SER_FLOW_CWD: runtime.cwd, CUDA_VISIBLE_DEVICES: gpus.join(',') },
      attemptDir: paths.dir,
      stdoutFile: paths.stdout,
      stderrFile: paths.stderr,
      signal,
      ...(stepOptions.timeoutMs === undefined ? {} : { timeoutMs: stepOptions.timeoutMs }),
      killGraceMs: runtime.killGraceMs,
      onStart: (pid) => {
        writeJsonAtomic(paths.process, { pid, request: paths.request });
        appendRunEvent(runtime.runDir, { type: 'attempt-started', state, visit, attempt, pid });
      },
    });
  } finally {
    // Also when the executor throws: a running tail would keep polling (and ser-flow alive) forever.
    await tail.stop();
    runtime.logger.endProgress(state);
  }

  let outcome: AttemptOutcome;
  if (launched.reason === 'exited' && launched.exitCode !== 0 && inputError !== undefined) {
    outcome = { ok: false, cancelled: false, reason: `rejected its input: ${inputError}`, inputError };
  } else if (launched.reason !== 'exited' || launched.exitCode !== 0) {
    outcome = { ok: false, cancelled: launched.reason === 'cancelled', reason: describeLaunch(launched, stepOptions.timeoutMs) };
  } else if (!result) {
    outcome = { ok: false, cancelled: false, reason: 'exited with code 0 without a result event (the plugin must emit {"type":"result","outputs":{…}})' };
  } else {
    const validate = getValidator(plugin.outputSchema);
    outcome = validate(result.outputs)
      ? { ok: true, outputs: result.outputs }
      : { ok: false, cancelled: false, reason: `sent outputs that do not match its output schema (${plugin.manifestFile}): ${describeErrors(validate)}` };
  }
  const durationMs = Date.now() - started;
  writeJsonAtomic(paths.outcome, { ...outcome, attempt, duration_ms: durationMs, finished_at: new Date().toISOString() });
  appendRunEvent(runtime.runDir, {
    type: 'attempt-finished',
    state,
    visit,
    attempt,
    ok: outcome.ok,
    ...(outcome.ok ? {} : { cancelled: outcome.cancelled, message: outcome.reason }),
    duration_ms: durationMs,
  });
  return outcome;
}
