import { and, assign, setup, type DoneActorEvent, type ErrorActorEvent, type PromiseActorLogic } from 'xstate';
import type { GuardedTransition, Workflow } from '../../schemas/generated/workflow.js';
import type { ExprScope } from '../expr/scope.js';
import type { MachineInput, RunContext, RunOutput, StepActorInput, StepActorOutput } from './run-context.js';

export interface CompileOptions {
  workflow: Workflow;
  /** The actor every state invokes (engine/execute supplies the real one; tests a fake). */
  step: PromiseActorLogic<StepActorOutput, StepActorInput>;
  /** Decides an `if:` branch; `expr` is the `${{ … }}` string as written. */
  evaluateCondition: (expr: string, scope: ExprScope) => boolean;
}

type Guard = { type: 'branch'; params: { state: string; expr: string } } | { type: 'visitsLeft'; params: { target: string; from: string } };
type Action =
  | { type: 'recordOutputs'; params: { state: string } }
  | { type: 'recordError'; params: { state: string } }
  | { type: 'setError'; params: { message: string } };
interface Transition {
  target: string;
  reenter: true;
  guard?: Guard | ReturnType<typeof and>;
  actions: Action[];
}

function getScope(context: RunContext, visit: number): ExprScope {
  return { params: context.params, states: context.states, loop: { index: visit }, run: context.run };
}

/** What the step actor of `state` receives on entry (also used to rebuild a snapshot that re-enters it). */
export function getStepInput(state: string, context: RunContext): StepActorInput {
  const visit = context.visits[state] ?? 0;
  return { state, visit, scope: getScope(context, visit) };
}

function getErrorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Compiles a validated workflow into an XState v5 machine: one state per workflow state, each invoking
 * `step`; `next` branches become guarded onDone transitions (first true wins), `max_visits` a guard on
 * every transition into a bounded state, `on_error`/`on_exhausted` the fallbacks; finals `done`, `failed`.
 */
export function compileMachine({ workflow, step, evaluateCondition }: CompileOptions) {
  const states = workflow.states;

  /** Transitions to `target` that respect its max_visits; past it, to its on_exhausted (checked the same way). */
  const getTargetTransitions = (from: string, target: string, guard: Guard | undefined, actions: Action[], seen = new Set<string>()): Transition[] => {
    const bound = states[target]?.max_visits;
    if (bound === undefined) return [{ target, reenter: true, ...(guard ? { guard } : {}), actions }];
    const left: Guard = { type: 'visitsLeft', params: { target, from } };
    const exhaustedTarget = states[target].on_exhausted ?? 'failed';
    const note: Action = {
      type: 'setError',
      params: { message: `state '${target}' reached its max_visits (${bound}); raise max_visits or set on_exhausted to go elsewhere` },
    };
    seen.add(target);
    const exhausted: Transition[] =
      exhaustedTarget === 'failed' || seen.has(exhaustedTarget)
        ? [{ target: 'failed', reenter: true, ...(guard ? { guard } : {}), actions: [...actions, note] }]
        : getTargetTransitions(from, exhaustedTarget, guard, actions, seen);
    return [{ target, reenter: true, guard: guard ? and<RunContext, never, [Guard, Guard]>([guard, left]) as ReturnType<typeof and> : left, actions }, ...exhausted];
  };

  const getDoneTransitions = (name: string): Transition[] => {
    const next = states[name].next;
    const branches: GuardedTransition[] = typeof next === 'string' ? [{ next }] : next;
    const record: Action = { type: 'recordOutputs', params: { state: name } };
    const transitions = branches.flatMap((branch) =>
      getTargetTransitions(name, branch.next, branch.if ? { type: 'branch', params: { state: name, expr: branch.if } } : undefined, [record]),
    );
    if (branches.at(-1)?.if !== undefined) {
      const message = `no \`next\` branch of state '${name}' matched; end its list with an unguarded {next: …} default`;
      transitions.push({ target: 'failed', reenter: true, actions: [record, { type: 'setError', params: { message } }] });
    }
    return transitions;
  };

  const machineStates: Record<string, object> = {
    done: { type: 'final' },
    failed: { type: 'final' },
  };
  for (const name of Object.keys(states)) {
    machineStates[name] = {
      invoke: {
        id: 'step',
        src: 'step',
        input: ({ context }: { context: RunContext }): StepActorInput => getStepInput(name, context),
        onDone: getDoneTransitions(name),
        onError: getTargetTransitions(name, states[name].on_error ?? 'failed', undefined, [{ type: 'recordError', params: { state: name } }]),
      },
    };
  }

  return setup({
    types: {} as { context: RunContext; input: MachineInput; output: RunOutput },
    actors: { step },
    guards: {
      branch: ({ context, event }, params: { state: string; expr: string }) => {
        const { outputs } = (event as DoneActorEvent<StepActorOutput>).output;
        const visit = context.visits[params.state] ?? 0;
        const scope = { ...getScope(context, visit), states: { ...context.states, [params.state]: { outputs } }, outputs };
        try {
          return evaluateCondition(params.expr, scope);
        } catch (error) {
          throw new Error(`state '${params.state}': condition ${params.expr} could not be evaluated: ${getErrorMessage(error)}`, { cause: error });
        }
      },
      visitsLeft: ({ context }, params: { target: string; from: string }) => {
        // The state being left has not counted its current visit yet.
        const used = (context.visits[params.target] ?? 0) + (params.target === params.from ? 1 : 0);
        return used < (states[params.target].max_visits ?? Infinity);
      },
    },
    actions: {
      recordOutputs: assign(({ context, event }, params: { state: string }) => ({
        states: { ...context.states, [params.state]: { outputs: (event as DoneActorEvent<StepActorOutput>).output.outputs } },
        visits: { ...context.visits, [params.state]: (context.visits[params.state] ?? 0) + 1 },
      })),
      recordError: assign(({ context, event }, params: { state: string }) => ({
        visits: { ...context.visits, [params.state]: (context.visits[params.state] ?? 0) + 1 },
        error: getErrorMessage((event as ErrorActorEvent).error),
      })),
      setError: assign((_, params: { message: string }) => ({ error: params.message })),
    },
  }).createMachine({
    id: 'workflow',
    initial: workflow.start,
    context: ({ input }) => ({ params: input.params, run: input.run, visits: {}, states: {} }),
    output: ({ context }) => ({ ...(context.error ? { error: context.error } : {}), states: context.states, visits: context.visits }),
    // The states are built from the workflow at run time, so their shape is checked here rather than by XState's types.
    states: machineStates as never,
  });
}

export type WorkflowMachine = ReturnType<typeof compileMachine>;
