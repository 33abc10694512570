import type { ValidateFunction } from 'ajv';
import { createAjv } from './create-ajv.js';
import { loadProjectSchema } from './project-root.js';

let full: ValidateFunction | undefined;
let partial: ValidateFunction | undefined;

/** The compiled workflow schema, shared by every loader. */
export function getWorkflowValidator(): ValidateFunction {
  full ??= createAjv().compile(loadProjectSchema('workflow.schema.json'));
  return full;
}

/**
 * The same schema with `required` dropped at the root, on states and on params: what each file of an `extends`
 * chain (or a file with templates) must satisfy on its own, since a base or an override need not be whole.
 * Keys, types and patterns are still checked; the merged workflow is then checked against the full schema.
 */
export function getPartialWorkflowValidator(): ValidateFunction {
  if (!partial) {
    const schema = loadProjectSchema('workflow.schema.json');
    const definitions = schema.definitions as Record<string, Record<string, unknown>>;
    delete schema.required;
    delete definitions.state.required;
    // "step, uses or parallel": a state override may write only `with` or `next`.
    delete definitions.state.anyOf;
    delete definitions.param.required;
    partial = createAjv().compile(schema);
  }
  return partial;
}
