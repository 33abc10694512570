import type { Reference } from './compile-expression.js';

/** The names an expression may start with (see ExprScope). */
export const EXPRESSION_ROOTS = ['params', 'states', 'outputs', 'loop', 'run', 'vars', 'item', 'item_index'] as const;

/** What a plugin promises to output: `open` when its schema allows any key (or the plugin is unknown). */
export interface OutputNames {
  plugin: string;
  names: string[];
  open: boolean;
  /** A parallel state: it runs no plugin and has no outputs of its own. */
  block?: boolean;
}

/** Everything a static check needs to know about the names visible where an expression sits. */
export interface ReferenceContext {
  params: string[];
  states: Map<string, OutputNames | undefined>;
  /** Outputs of the state whose `if:` or `set:` this is; undefined elsewhere. */
  currentOutputs?: OutputNames;
  /** Names declared under `vars:`. */
  vars?: string[];
  /** for_each states: their outputs are lists, their members are not states of their own. */
  fanOuts?: ReadonlySet<string>;
  /** Restricts roots (e.g. `implementation:` is resolved before the run, so only params). */
  roots?: readonly string[];
  where: string;
  /** " (did you mean 'x'?)" for a near miss (validate passes its own; expr cannot import it). */
  suggest?: (word: string, candidates: string[]) => string;
}

export type ReferenceProblem = { code: 'unknown-reference' | 'unknown-output'; message: string };

/** Checks one reference against declared params, states and plugin outputs. */
export function checkReference(reference: Reference, context: ReferenceContext): ReferenceProblem | undefined {
  const [root, first, second, third] = reference.path;
  const roots = context.roots ?? EXPRESSION_ROOTS;
  const text = formatPath(reference.path);
  if (!roots.includes(String(root))) {
    if (root === 'outputs' && roots.includes('states')) {
      return makeUnknown(`'outputs' is only available inside a transition's if: and in set:; in ${context.where} use states.<state>.outputs.<name>`);
    }
    if ((root === 'item' || root === 'item_index') && roots.includes('states')) {
      return makeUnknown(`'${root}' is only available in the with: of a for_each state (member k reads the k-th item of for_each); ${context.where} is not one`);
    }
    return makeUnknown(`unknown name '${String(root)}' in ${text}: ${context.where} can use ${roots.join(', ')}`);
  }
  switch (root) {
    case 'params':
      if (first !== undefined && !context.params.includes(String(first))) {
        return makeUnknown(`unknown param '${String(first)}' in ${text}; declared params: ${formatList(context.params)}`);
      }
      return undefined;
    case 'states': {
      if (first === undefined) return undefined;
      const member = /^(.+)\[(\d+)\]$/.exec(String(first));
      if (member && context.fanOuts?.has(member[1])) return makeMemberProblem(text, member[1], member[2]);
      if (!context.states.has(String(first))) return makeUnknown(`unknown state '${String(first)}' in ${text}; states: ${formatList([...context.states.keys()])}`);
      if (typeof second === 'number' && context.fanOuts?.has(String(first))) return makeMemberProblem(text, String(first), second);
      if (second !== undefined && second !== 'outputs') return makeUnknown(`${text}: a state exposes only 'outputs' (write states.${String(first)}.outputs.<name>)`);
      return checkOutput({ outputs: context.states.get(String(first)), name: third, text, owner: `state '${String(first)}'` });
    }
    case 'vars': {
      const declared = context.vars ?? [];
      if (first === undefined || declared.includes(String(first))) return undefined;
      const hint = context.suggest?.(String(first), declared) ?? '';
      return makeUnknown(`variable '${String(first)}' is never declared (vars: ${formatList(declared)})${hint}; declare it under vars: with an initial value`);
    }
    case 'outputs':
      return checkOutput({ outputs: context.currentOutputs, name: first, text, owner: 'this state' });
    case 'loop':
      return first === undefined || first === 'index' ? undefined : makeUnknown(`unknown name ${text}: loop has only 'index'`);
    case 'run':
      return first === undefined || first === 'id' || first === 'dir' ? undefined : makeUnknown(`unknown name ${text}: run has only 'id' and 'dir'`);
    default:
      return undefined;
  }
}

function checkOutput(options: { outputs: OutputNames | undefined; name: string | number | undefined; text: string; owner: string }): ReferenceProblem | undefined {
  const { outputs, name, text, owner } = options;
  if (name === undefined || !outputs) return undefined;
  if (outputs.block) return makeUnknown(`${text}: ${owner} is a parallel block and has no outputs of its own; read a branch state's (states.<state>.outputs.<name>)`);
  if (outputs.open || outputs.names.includes(String(name))) return undefined;
  return {
    code: 'unknown-output',
    message: `${text}: ${owner} runs plugin '${outputs.plugin}', which declares no output '${String(name)}'; its outputs: ${formatList(outputs.names)}`,
  };
}

/** Members of a for_each state are not states: their outputs are read as lists on the state itself. */
function makeMemberProblem(text: string, state: string, index: string | number): ReferenceProblem {
  return makeUnknown(`${text}: '${state}' is a for_each state; its outputs are lists in member order: write states.${state}.outputs.<name>[${index}]`);
}

function makeUnknown(message: string): ReferenceProblem {
  return { code: 'unknown-reference', message };
}

function formatList(names: string[]): string {
  return names.length ? names.join(', ') : '(none)';
}

function formatPath(path: (string | number)[]): string {
  return path.map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : i === 0 ? segment : `.${segment}`)).join('');
}
