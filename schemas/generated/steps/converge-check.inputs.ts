// Generated from schemas/steps/converge-check.inputs.schema.json by scripts/gen-types.mjs. Do not edit.

/**
 * Inputs of converge-check: whether the SER loop ends (stop status, loop budget, or a dev-accuracy plateau).
 */
export interface ConvergeCheckInputs {
  /**
   * ser-select's status of this loop.
   */
  status: 'status1' | 'status2' | 'stop';
  /**
   * 0-based index of the loop that just finished.
   */
  loop: number;
  max_loops: number;
  /**
   * Dev accuracy of this loop's RM; appended to the history.
   */
  dev_accuracy?: number | null;
  /**
   * Dev accuracy of the seed RM; starts the history on the first loop.
   */
  baseline_dev_accuracy?: number | null;
  /**
   * history.json of the previous converge-check visit (empty or null on the first).
   */
  history?: string | null;
  min_delta?: number;
  /**
   * Loops in a row without a min_delta improvement before the plateau stops the loop (0 turns the check off).
   */
  patience?: number;
}
