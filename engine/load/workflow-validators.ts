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
 * The schema as it reads a file with `extends` (start, states and params may be partial), with `name` optional
 * too: what each file of an `extends` chain (or a file with templates) must satisfy on its own, since a base
 * need not be whole. Keys, types and patterns are still checked, and branch states are whole (a `parallel` is
 * replaced, never merged); the merged workflow is then checked against the full schema.
 */
export function getPartialWorkflowValidator(): ValidateFunction {
  if (!partial) {
    const schema = loadProjectSchema('workflow.schema.json');
    delete schema.required;
    delete schema.if;
    delete schema.else;
    partial = createAjv().compile(schema);
  }
  return partial;
}
