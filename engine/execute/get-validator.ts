import type { Ajv, ValidateFunction } from 'ajv';
import { loadProjectSchema } from '../load/project-root.js';
import { compileShared, createAjv } from '../load/create-ajv.js';

const compiled = new WeakMap<object, ValidateFunction>();
const compiledWithDefaults = new WeakMap<object, ValidateFunction>();
let defaultsAjv: Ajv | undefined;

/**
 * The validator of a plugin's input schema that also fills in every `default` the schema declares
 * (ajv `useDefaults`), so the request a plugin receives is complete and plugins declare no defaults of their
 * own. It mutates the object it validates. A default that depends on the request (the seed) is not in the
 * schema and stays with the plugin.
 */
export function getInputValidator(schema: Record<string, unknown>): ValidateFunction {
  let validate = compiledWithDefaults.get(schema);
  if (!validate) {
    const { $id: _id, ...rest } = schema;
    defaultsAjv ??= createAjv({ useDefaults: true });
    validate = defaultsAjv.compile(rest);
    compiledWithDefaults.set(schema, validate);
  }
  return validate;
}

/**
 * The validator of a plugin I/O schema, from the shared ajv instance that already compiled it when the
 * plugin was loaded (a second instance compiled every schema, and the draft-07 meta-schema, again).
 */
export function getValidator(schema: Record<string, unknown>): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    // A plugin schema may carry its own $id; compiling it under the shared instance needs it anonymous.
    const { $id: _id, ...rest } = schema;
    validate = compileShared(rest);
    compiled.set(schema, validate);
  }
  return validate;
}

let eventValidator: ValidateFunction | undefined;

export function getEventValidator(): ValidateFunction {
  eventValidator ??= compileShared(loadProjectSchema('events.schema.json'));
  return eventValidator;
}

/** `/lr must be number; must have required property 'data'` */
export function describeErrors(validate: ValidateFunction): string {
  return (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`).join('; ');
}
