/** Exit codes of every command: the contract users script against. */
export const EXIT = { ok: 0, workflowFailed: 1, invalidInput: 2 } as const;

/** Thrown by commands instead of calling process.exit; main.ts prints `message` (no stack) and exits with `code`. */
export class ExitError extends Error {
  constructor(
    readonly code: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
