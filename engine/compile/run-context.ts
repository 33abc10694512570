import type { ExprScope } from '../expr/scope.js';

/** The block (parallel or for_each state) entered last, as it was on entry: a redrive of a failure inside it starts from here. */
export interface BlockEntry {
  name: string;
  /** Every state's finished visits when the block was entered. */
  visits: Record<string, number>;
  vars?: Record<string, unknown>;
  /** With fail_fast false: the first member's or branch's error, reported once every region has ended. */
  error?: string;
}

/** The machine's context: plain JSON, so the persisted snapshot is the whole run state. */
export interface RunContext {
  params: ExprScope['params'];
  run: ExprScope['run'];
  /** Finished visits per state id (success or failure); the running state's visit index is this count. */
  visits: Record<string, number>;
  /** Latest outputs per state id (a for_each state: per-key lists of its members' outputs). */
  states: ExprScope['states'];
  /** Loop variables (`vars:`), as last `set`; absent in runs started before vars existed. */
  vars?: Record<string, unknown>;
  block?: BlockEntry;
  /** Why the run went to `failed`. */
  error?: string;
}

/** What a state's step actor receives: which visit to run, and the scope its `with` resolves against. */
export interface StepActorInput {
  /** The state id: a state's name, or `X[k]` for member k of the for_each state X (its step folder and events). */
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
  /** The initial `vars` (expressions already resolved against params). */
  vars?: Record<string, unknown>;
}

export interface RunOutput {
  error?: string;
  states: RunContext['states'];
  visits: RunContext['visits'];
}
