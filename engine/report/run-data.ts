import type { Workflow } from '../../schemas/workflow-types.js';

/** One finished (or unfinished) visit of a state, as found in `steps/<state>/<visit>/`. */
export interface VisitRecord {
  visit: number;
  /** Outputs from result.json; undefined while the visit has not finished. */
  outputs?: Record<string, unknown>;
  attempts: number;
  /** Metric events of the visit's attempts, in file order. */
  metrics: MetricPoint[];
  /** Latest progress event of the newest attempt. */
  progress?: { current: number; total?: number; message?: string; t?: number };
  startedAt?: number;
  finishedAt?: number;
}

export interface MetricPoint {
  name: string;
  value: number;
  step?: number;
  t?: number;
}

/** A run folder read without side effects: everything the report, graph and watch views need. */
export interface RunData {
  dir: string;
  id: string;
  workflow: Workflow;
  params: Record<string, unknown>;
  status: string;
  startedAt?: number;
  finishedAt?: number;
  /** The state the run is in (or stopped in); undefined once it reached a final state. */
  current?: string;
  /** Every state id running now (or when the run stopped): `current`, or the members and branch states running inside it when it is a block. */
  running?: string[];
  /** Final state reached (`done` / `failed`), when finished. */
  final?: string;
  /** state → visits in visit order. */
  visits: Record<string, VisitRecord[]>;
  /** Plugin name and version per state, from resolved.json when recorded. */
  plugins: Record<string, { name: string; version?: string; implementation?: string }>;
  /** Child runs of a grid, in trial order. */
  trials: RunData[];
  /** For a grid trial: the matrix combination bound to it (from the parent's trials.json). */
  matrix?: Record<string, unknown>;
}
