import { StepInputError } from '../../../sdk/index.js';

/** Runs a reader of a user-given file; its problems become input errors (one line, no stack trace). */
export function readInput<T>(what: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw new StepInputError(`input ${what}: ${(error as Error).message}`);
  }
}
