import type { ValidateFunction } from 'ajv';
import { loadProjectSchema } from '../load/project-root.js';
import { createAjv } from '../validate/create-ajv.js';

const ajv = createAjv();
const compiled = new WeakMap<object, ValidateFunction>();

/** Compiles a schema once per schema object (plugin schemas are loaded once per run). */
export function getValidator(schema: Record<string, unknown>): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    // A plugin schema may carry its own $id; compiling it twice under one ajv would clash.
    const { $id: _id, ...rest } = schema;
    validate = ajv.compile(rest);
    compiled.set(schema, validate);
  }
  return validate;
}

let eventValidator: ValidateFunction | undefined;

export function getEventValidator(): ValidateFunction {
  eventValidator ??= ajv.compile(loadProjectSchema('events.schema.json'));
  return eventValidator;
}

/** `/lr must be number; must have required property 'data'` */
export function describeErrors(validate: ValidateFunction): string {
  return (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`).join('; ');
}
