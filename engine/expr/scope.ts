/** Names an expression can see. Unknown roots are validation errors. */
export interface ExprScope {
  params: Record<string, string | number | boolean>;
  /** Latest outputs of every state that has finished at least once. */
  states: Record<string, { outputs: Record<string, unknown> }>;
  /** Outputs of the state whose transitions are being decided (only inside `if:`). */
  outputs?: Record<string, unknown>;
  /** 0-based visit index of the current state. */
  loop: { index: number };
  run: { id: string; dir: string };
  /** Loop variables (`vars:`), as last set. */
  vars?: Record<string, unknown>;
  /** Inside member k of a for_each state: the k-th item and k. */
  item?: unknown;
  item_index?: number;
}
