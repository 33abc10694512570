import type { ExprScope } from '../expr/scope.js';

/** The machine's context: plain JSON, so the persisted snapshot is the whole run state. */
export interface RunContext {
  params: ExprScope['params'];
  run: ExprScope['run'];
  /** Finished visits per state (success or failure); the running state's visit index is this count. */
  visits: Record<string, number>;
  /** Latest outputs per state. */
  states: ExprScope['states'];
  /** Why the run went to `failed`. */
  error?: string;
}

/** What a state's step actor receives: which visit to run, and the scope its `with` resolves against. */
export interface StepActorInput {
  state: string;
  visit: number;
  scope: ExprScope;
}

export interface StepActorOutput {
  outputs: Record<string, unknown>;
}

export interface MachineInput {
  params: RunContext['params'];
  run: RunContext['run'];
}

export interface RunOutput {
  error?: string;
  states: RunContext['states'];
  visits: RunContext['visits'];
}
