import { and, assign, setup, type DoneActorEvent, type ErrorActorEvent, type PromiseActorLogic } from 'xstate';
import type { GuardedTransition, State, Workflow } from '../../schemas/workflow-types.js';
import { resolveTemplate } from '../expr/evaluate.js';
import type { ExprScope } from '../expr/scope.js';
import { getBranches, getMemberId } from '../validate/workflow-view.js';
import {
  getFanOutItems,
  getMemberRegion,
  MACHINE_ID,
  MEMBER_FINISHED,
  MEMBER_RUNNING,
  REGION_DONE,
  REGION_FAILED,
  TOP_LEVEL_INVOKE_ID,
  type FanOuts,
} from './machine-layout.js';
import type { MachineInput, RunContext, RunOutput, StepActorInput, StepActorOutput } from './run-context.js';
import { getMemberInput, getMemberLists, getScope, getStepInput } from './step-inputs.js';

export interface CompileOptions {
  workflow: Workflow;
  /** for_each state → its items, resolved before the run (validate/resolve-fan-outs); default none. */
  fanOuts?: FanOuts;
  /** The actor every state invokes (engine/execute supplies the real one; tests a fake). */
  step: PromiseActorLogic<StepActorOutput, StepActorInput>;
  /** Decides an `if:` branch; `expr` is the `${{ … }}` string as written. */
  evaluateCondition: (expr: string, scope: ExprScope) => boolean;
}

type Guard =
  | { type: 'branch'; params: { state: string; expr: string; block?: boolean } }
  | { type: 'visitsLeft'; params: { target: string; from: string } }
  | { type: 'blockFailed' };
type Action =
  | { type: 'recordOutputs'; params: { state: string } }
  | { type: 'recordError'; params: { state: string } }
  | { type: 'setError'; params: { message: string } }
  | { type: 'applySet'; params: { state: string } }
  | { type: 'enterBlock'; params: { block: string } }
  | { type: 'joinBlock'; params: { block: string } }
  | { type: 'leaveBlock'; params: { block: string } }
  | { type: 'noteBlockError' }
  | { type: 'raiseBlockError' };
interface Transition {
  target: string;
  reenter?: true;
  guard?: Guard | ReturnType<typeof and>;
  actions: Action[];
}

/** Inside branch `branch` of the parallel state `block`; undefined at top level. */
type Place = { block: string; branch: string } | undefined;

function getErrorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Compiles a validated workflow into an XState v5 machine: one state per workflow state, each invoking
 * `step`; `next` branches become guarded onDone transitions (first true wins), `max_visits` a guard on
 * every transition into a bounded state, `on_error`/`on_exhausted` the fallbacks; finals `done`, `failed`.
 * A parallel state is a parallel node with a region per branch; a for_each state X one with a region per
 * member (`X[k]`). Either joins when every region has ended, then takes its own `next`; a failed region
 * leaves the block at once through its on_error (fail_fast, which stops the other regions' steps), or,
 * with fail_fast false, once every region has ended.
 */
export function compileMachine({ workflow, fanOuts = {}, step, evaluateCondition }: CompileOptions) {
  const states = workflow.states;
  /** Every named state: top-level ones and branch states (their names are unique in the workflow). */
  const definitions = new Map<string, State>(Object.entries(states));
  for (const state of Object.values(states)) {
    for (const [, body] of getBranches(state)) for (const [name, inner] of Object.entries(body.states)) definitions.set(name, inner);
  }
  const isFailFast = (block: string) => states[block]!.fail_fast !== false;
  const getTargetId = (target: string, place: Place) => (place ? `#${MACHINE_ID}.${place.block}.${place.branch}.${target}` : `#${MACHINE_ID}.${target}`);
  const withGuard = (guard: Guard | ReturnType<typeof and> | undefined) => (guard ? { guard } : {});

  /** Leaving block `block` because a region failed: to its on_error (or failed), counting the block's visit. */
  const getBlockErrorTransitions = (block: string, guard: Guard | undefined, actions: Action[]): Transition[] =>
    getTargetTransitions(block, states[block]!.on_error ?? 'failed', guard, [...actions, { type: 'leaveBlock', params: { block } }], undefined);

  /** `failed` inside a branch fails the block: at once with fail_fast, else the region ends in its failed final. */
  const getRegionFailure = (guard: Guard | undefined, actions: Action[], place: NonNullable<Place>): Transition[] => {
    if (isFailFast(place.block)) return getBlockErrorTransitions(place.block, guard, actions);
    return [{ target: getTargetId(REGION_FAILED, place), ...withGuard(guard), actions: [...actions, { type: 'noteBlockError' }] }];
  };

  /** Transitions to `target` that respect its max_visits; past it, to its on_exhausted (checked the same way). */
  const getTargetTransitions = (from: string, target: string, guard: Guard | undefined, actions: Action[], place: Place, seen = new Set<string>()): Transition[] => {
    if (place && target === 'failed') return getRegionFailure(guard, actions, place);
    const bound = definitions.get(target)?.max_visits;
    const targetId = getTargetId(target, place);
    if (bound === undefined) return [{ target: targetId, reenter: true, ...withGuard(guard), actions }];
    const left: Guard = { type: 'visitsLeft', params: { target, from } };
    const exhaustedTarget = definitions.get(target)!.on_exhausted ?? 'failed';
    const note: Action = {
      type: 'setError',
      params: { message: `state '${target}' reached its max_visits (${bound}); raise max_visits or set on_exhausted to go elsewhere` },
    };
    seen.add(target);
    const exhausted: Transition[] =
      exhaustedTarget === 'failed' || seen.has(exhaustedTarget)
        ? place
          ? getRegionFailure(guard, [...actions, note], place)
          : [{ target: getTargetId('failed', place), reenter: true, ...withGuard(guard), actions: [...actions, note] }]
        : getTargetTransitions(from, exhaustedTarget, guard, actions, place, seen);
    return [{ target: targetId, reenter: true, guard: guard ? (and<RunContext, never, [Guard, Guard]>([guard, left]) as ReturnType<typeof and>) : left, actions }, ...exhausted];
  };

  /** A state's `next` on success (a block's on joining): `record` first, then its `set`. */
  const getDoneTransitions = (name: string, place: Place, record: Action[], block = false): Transition[] => {
    const definition = definitions.get(name)!;
    const next = definition.next;
    const branches: GuardedTransition[] = typeof next === 'string' ? [{ next }] : next;
    const actions: Action[] = [...record, ...(definition.set ? [{ type: 'applySet', params: { state: name } } as const] : [])];
    const transitions = branches.flatMap((branch) =>
      getTargetTransitions(
        name,
        branch.next,
        branch.if ? { type: 'branch', params: { state: name, expr: branch.if, ...(block ? { block } : {}) } } : undefined,
        branch.next === 'failed' && place ? [...actions, { type: 'setError', params: { message: `state '${name}' went to failed in branch '${place.branch}' of parallel state '${place.block}'` } }] : actions,
        place,
      ),
    );
    if (branches.at(-1)?.if !== undefined) {
      const message = `no \`next\` branch of state '${name}' matched; end its list with an unguarded {next: …} default`;
      const failing: Action[] = [...record, { type: 'setError', params: { message } }];
      transitions.push(...(place ? getRegionFailure(undefined, failing, place) : [{ target: getTargetId('failed', place), reenter: true as const, actions: failing }]));
    }
    return transitions;
  };

  /** A state that runs its step: top level (invoke id `step`) or in a branch (invoke id = its name). */
  const makeStepState = (name: string, place: Place) => ({
    invoke: {
      id: place ? name : TOP_LEVEL_INVOKE_ID,
      src: 'step',
      input: ({ context }: { context: RunContext }): StepActorInput => getStepInput(name, context),
      onDone: getDoneTransitions(name, place, [{ type: 'recordOutputs', params: { state: name } }]),
      onError: getTargetTransitions(name, definitions.get(name)!.on_error ?? 'failed', undefined, [{ type: 'recordError', params: { state: name } }], place),
    },
  });

  const makeMemberRegion = (block: string, index: number, item: unknown) => {
    const member = getMemberId(block, index);
    const recordError: Action = { type: 'recordError', params: { state: member } };
    return {
      initial: MEMBER_RUNNING,
      states: {
        [MEMBER_RUNNING]: {
          invoke: {
            id: member,
            src: 'step',
            input: ({ context }: { context: RunContext }): StepActorInput => getMemberInput(block, index, item, context),
            onDone: { target: MEMBER_FINISHED, actions: [{ type: 'recordOutputs', params: { state: member } }] },
            onError: isFailFast(block)
              ? getBlockErrorTransitions(block, undefined, [recordError])
              : { target: REGION_FAILED, actions: [recordError, { type: 'noteBlockError' }] },
          },
        },
        [MEMBER_FINISHED]: { type: 'final' },
        [REGION_FAILED]: { type: 'final' },
      },
    };
  };

  const makeBranchRegion = (block: string, branch: string, start: string, names: string[]) => ({
    initial: start,
    states: {
      ...Object.fromEntries(names.map((name) => [name, makeStepState(name, { block, branch })])),
      [REGION_DONE]: { type: 'final' },
      [REGION_FAILED]: { type: 'final' },
    },
  });

  const makeBlockState = (block: string, regions: Record<string, object>) => ({
    type: 'parallel',
    entry: [{ type: 'enterBlock', params: { block } }],
    states: regions,
    onDone: [
      ...(isFailFast(block) ? [] : getBlockErrorTransitions(block, { type: 'blockFailed' }, [{ type: 'raiseBlockError' }])),
      ...getDoneTransitions(block, undefined, [{ type: 'joinBlock', params: { block } }, { type: 'leaveBlock', params: { block } }], true),
    ],
  });

  const machineStates: Record<string, object> = {
    done: { type: 'final' },
    failed: { type: 'final' },
  };
  for (const [name, state] of Object.entries(states)) {
    const branches = getBranches(state);
    if (state.for_each !== undefined) {
      const items = getFanOutItems(fanOuts, name);
      machineStates[name] = makeBlockState(name, Object.fromEntries(items.map((item, k) => [getMemberRegion(k), makeMemberRegion(name, k, item)])));
    } else if (branches.length > 0) {
      machineStates[name] = makeBlockState(
        name,
        Object.fromEntries(branches.map(([branch, body]) => [branch, makeBranchRegion(name, branch, body.start, Object.keys(body.states))])),
      );
    } else {
      machineStates[name] = makeStepState(name, undefined);
    }
  }

  /** The outputs a state's guards and `set` see: a step's own, a for_each state's per-key lists, none for a parallel state. */
  const getBlockOutputs = (context: RunContext, block: string): Record<string, unknown> =>
    fanOuts[block] && states[block]?.for_each !== undefined ? getMemberLists(context, block, fanOuts[block].length) : {};

  return setup({
    types: {} as { context: RunContext; input: MachineInput; output: RunOutput },
    actors: { step },
    guards: {
      branch: ({ context, event }, params: { state: string; expr: string; block?: boolean }) => {
        const outputs = params.block ? getBlockOutputs(context, params.state) : (event as DoneActorEvent<StepActorOutput>).output.outputs;
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
        return used < (definitions.get(params.target)?.max_visits ?? Infinity);
      },
      blockFailed: ({ context }) => context.block?.error !== undefined,
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
      // Runs after the state's visit was counted and its outputs recorded: `outputs` are those just recorded.
      applySet: assign(({ context }, params: { state: string }) => {
        const outputs = context.states[params.state]?.outputs ?? {};
        const scope = { ...getScope(context, Math.max((context.visits[params.state] ?? 1) - 1, 0)), outputs };
        try {
          return { vars: { ...context.vars, ...(resolveTemplate(definitions.get(params.state)!.set, scope) as Record<string, unknown>) } };
        } catch (error) {
          throw new Error(`state '${params.state}': its \`set\` could not be evaluated: ${getErrorMessage(error)}`, { cause: error });
        }
      }),
      enterBlock: assign(({ context }, params: { block: string }) => ({
        block: { name: params.block, visits: { ...context.visits }, ...(context.vars ? { vars: context.vars } : {}) },
      })),
      joinBlock: assign(({ context }, params: { block: string }) =>
        states[params.block]?.for_each === undefined ? {} : { states: { ...context.states, [params.block]: { outputs: getBlockOutputs(context, params.block) } } },
      ),
      // The block's visit is counted; its members' visits follow it, so every member of one block visit shares its number.
      leaveBlock: assign(({ context }, params: { block: string }) => {
        const visit = (context.visits[params.block] ?? 0) + 1;
        const members = (fanOuts[params.block] ?? []).map((_, k) => [getMemberId(params.block, k), visit]);
        return { visits: { ...context.visits, [params.block]: visit, ...Object.fromEntries(members) } };
      }),
      noteBlockError: assign(({ context }) => (context.block && context.block.error === undefined ? { block: { ...context.block, error: context.error ?? 'a region failed' } } : {})),
      raiseBlockError: assign(({ context }) => ({ error: context.block?.error ?? 'a region failed' })),
    },
  }).createMachine({
    id: MACHINE_ID,
    initial: workflow.start,
    context: ({ input }) => ({ params: input.params, run: input.run, visits: {}, states: {}, ...(input.vars ? { vars: input.vars } : {}) }),
    output: ({ context }) => ({ ...(context.error ? { error: context.error } : {}), states: context.states, visits: context.visits }),
    // The states are built from the workflow at run time, so their shape is checked here rather than by XState's types.
    states: machineStates as never,
  });
}

export type WorkflowMachine = ReturnType<typeof compileMachine>;
