import type { State, Workflow } from '../../schemas/workflow-types.js';
import type { StepOptions } from '../compile/normalize-step-options.js';
import type { RunLogger } from '../log/run-logger.js';
import type { LoadedPlugin } from '../plugins/loaded-plugin.js';

/** Everything a step needs from its run; live objects, never persisted. */
export interface StepRuntime {
  runId: string;
  runDir: string;
  workflow: Workflow;
  /** for_each state → its items, resolved before the run. */
  fanOuts: Record<string, unknown[]>;
  /** The state that defines each step id: its own, or for a for_each member `X[k]` the for_each state X's. */
  states: Record<string, State>;
  /** Plugin per step id. */
  plugins: Map<string, LoadedPlugin>;
  /** Normalized options per step id. */
  options: Record<string, StepOptions>;
  logger: RunLogger;
  /** SIGTERM → SIGKILL delay for a step's process group. */
  killGraceMs: number;
  /** The request's `seed`: the `seed` param when there is one, else 0. */
  seed: number;
  /** What relative paths in inputs mean (resolved.json's `cwd`); steps get it as SER_FLOW_CWD. */
  cwd: string;
}

/** `plugin train-rm 0.1.0`, plus the implementation when the manifest names one. */
export function describePlugin(plugin: LoadedPlugin): string {
  const { name, version, implementation } = plugin.manifest;
  return `plugin ${name} ${version}${implementation ? ` (${implementation})` : ''}`;
}
