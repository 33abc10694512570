import { Ajv, type Options, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; its default export arrives wrapped under NodeNext.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** One configuration for every schema check: all errors at once (verbose: with the offending data), unknown keywords (e.g. tsType) tolerated. */
export function createAjv(options: Options = {}): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true, ...options });
  addFormats(ajv);
  return ajv;
}

let shared: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

/**
 * Compiles an anonymous schema (plugin I/O schemas, `$id` stripped) on one shared instance, once per
 * distinct content: plugins are reloaded per workflow, and compiling dominates that cost.
 */
export function compileShared(schema: Record<string, unknown>): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (!validate) {
    shared ??= createAjv();
    validate = shared.compile(schema);
    compiled.set(key, validate);
  }
  return validate;
}
