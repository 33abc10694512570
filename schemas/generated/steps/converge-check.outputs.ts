// Generated from schemas/steps/converge-check.outputs.schema.json by scripts/gen-types.mjs. Do not edit.

/**
 * Outputs of converge-check.
 */
export interface ConvergeCheckOutputs {
  converged: boolean;
  reason: 'stop-status' | 'max-loops' | 'plateau' | 'continue';
  loops_done: number;
  /**
   * Dev accuracy per RM, seed first.
   */
  dev_history: number[];
  /**
   * history.json for the next visit's `history` input.
   */
  history: string;
}
