import type { Reference } from './compile-expression.js';

/** The names an expression may start with (see ExprScope). */
export const EXPRESSION_ROOTS = ['params', 'states', 'outputs', 'loop', 'run'] as const;

/** What a plugin promises to output: `open` when its schema allows any key (or the plugin is unknown). */
export interface OutputNames {
  plugin: string;
  names: string[];
  open: boolean;
}

/** Everything a static check needs to know about the names visible where an expression sits. */
export interface ReferenceContext {
  params: string[];
  states: Map<string, OutputNames | undefined>;
  /** Outputs of the state whose `if:` this is; undefined outside `if:`. */
  currentOutputs?: OutputNames;
  /** Restricts roots (e.g. `implementation:` is resolved before the run, so only params). */
  roots?: readonly string[];
  where: string;
}

export type ReferenceProblem = { code: 'unknown-reference' | 'unknown-output'; message: string };

/** Checks one reference against declared params, states and plugin outputs. */
export function checkReference(reference: Reference, context: ReferenceContext): ReferenceProblem | undefined {
  const [root, first, second, third] = reference.path;
  const roots = context.roots ?? EXPRESSION_ROOTS;
  const text = formatPath(reference.path);
  if (!roots.includes(String(root))) {
    if (root === 'outputs' && roots.includes('states')) {
      return makeUnknown(`'outputs' is only available inside a transition's if:; in ${context.where} use states.<state>.outputs.<name>`);
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
      if (!context.states.has(String(first))) return makeUnknown(`unknown state '${String(first)}' in ${text}; states: ${formatList([...context.states.keys()])}`);
      if (second !== undefined && second !== 'outputs') return makeUnknown(`${text}: a state exposes only 'outputs' (write states.${String(first)}.outputs.<name>)`);
      return checkOutput({ outputs: context.states.get(String(first)), name: third, text, owner: `state '${String(first)}'` });
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
  if (name === undefined || !outputs || outputs.open || outputs.names.includes(String(name))) return undefined;
  return {
    code: 'unknown-output',
    message: `${text}: ${owner} runs plugin '${outputs.plugin}', which declares no output '${String(name)}'; its outputs: ${formatList(outputs.names)}`,
  };
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
