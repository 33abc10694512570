import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; its default export arrives wrapped under NodeNext.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** One configuration for every schema check: all errors at once (verbose: with the offending data), unknown keywords (e.g. tsType) tolerated. */
export function createAjv(options: Options = {}): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true, ...options });
  addFormats(ajv);
  return ajv;
}
