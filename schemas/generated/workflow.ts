// Generated from schemas/workflow.schema.json by scripts/gen-types.mjs. Do not edit.

/**
 * A JSON value, or a `${{ params.* }}` expression.
 */
export type VarValue = string | number | boolean | unknown[] | {} | null;
/**
 * Seconds as a number, or a string such as `90s`, `5m`, `2h`.
 */
export type Duration = number | string;
export type Expression = string;
export type StateName = string;
/**
 * A whole state: it runs something (`step`, `uses` or `parallel`) and names where to go `next`.
 */
export type State = StateFields & Required<Pick<StateFields, 'next'>>;
/**
 * A state name, or one of the final states `done` and `failed`.
 */
export type Target = string;
/**
 * `state.output`: a state's output named by the plugin's output schema; `state[k].output` for member k of a `for_each` state.
 */
export type OutputRef = string;
/**
 * Exactly one of `output` (x = visit of the state) or `metric` (x = the metric event's step).
 */
export type ReportSeries = {
  output?: OutputRef;
  /**
   * `state.metric-name`: the metric events a state's plugin emitted, over their `step`.
   */
  metric?: string;
  /**
   * Legend label (default: the reference).
   */
  label?: string;
  /**
   * Added to the x value of an `output` series, e.g. 1 when a state's visit 0 is loop 1.
   */
  x_offset?: number;
  /**
   * Overlay this output from the `--baseline` runs (overrides the chart's `baselines`).
   */
  baselines?: boolean;
} & ReportSeries1 & {
    output?: OutputRef;
    /**
     * `state.metric-name`: the metric events a state's plugin emitted, over their `step`.
     */
    metric?: string;
    /**
     * Legend label (default: the reference).
     */
    label?: string;
    /**
     * Added to the x value of an `output` series, e.g. 1 when a state's visit 0 is loop 1.
     */
    x_offset?: number;
    /**
     * Overlay this output from the `--baseline` runs (overrides the chart's `baselines`).
     */
    baselines?: boolean;
  } & ReportSeries1;
export type ReportSeries1 =
  | {
      [k: string]: unknown;
    }
  | {
      [k: string]: unknown;
    };

/**
 * A ser-flow workflow: typed params, states that each run one step plugin, and transitions between them. Put `# yaml-language-server: $schema=<path to this file>` at the top of a workflow for editor completion.
 */
export interface WorkflowFile {
  $schema?: string;
  /**
   * Workflow name; used in run ids.
   */
  name: string;
  description?: string;
  /**
   * A workflow file this one builds on, relative to this file. Its keys are merged under this file's: maps merge key by key (`params` entries field by field, `states` entries field by field with `with` merged input by input, `templates`, `vars`, `defaults`); lists are replaced, except `report.summary` and `report.charts`, which are appended. A state written here that the base lacks must be a whole state (`step`, `uses` or `parallel`, and `next`). docs/workflow-language.md
   */
  extends?: string;
  /**
   * Extra plugin folders to search, relative to this file. Searched before SER_FLOW_PLUGIN_PATH and the built-in steps/.
   */
  plugins?: string[];
  /**
   * Typed parameters; override with `--set name=value`. In a file with `extends`, an entry may change only some fields of the base's param (e.g. its `default`).
   */
  params?: {
    [k: string]: ParamFields;
  };
  /**
   * Loop variables: name → initial value (a literal, or `${{ params.* }}`). A state's `set:` assigns them from its outputs; expressions read `${{ vars.<name> }}`.
   */
  vars?: {
    [k: string]: VarValue;
  };
  /**
   * Conditions on the params, checked before anything runs; a false one is an error at the named param's line.
   */
  checks?: Check[];
  /**
   * The first state (required unless the file `extends` another).
   */
  start?: string;
  defaults?: StateOptions;
  /**
   * Reusable step settings: name → a partial state. A state (or another template) names one with `uses:` and overrides what it writes itself; `with:` is merged input by input.
   */
  templates?: {
    [k: string]: Template;
  };
  /**
   * The states (required unless the file `extends` another, where a state may override only some keys of the base's).
   */
  states?: {
    [k: string]: StateFields;
  };
  grid?: Grid;
  report?: Report;
}
/**
 * A param's fields. In a file with `extends` an entry may write only some of them (an override of the base's param); every other param is a whole `param`.
 */
export interface ParamFields {
  type?: 'string' | 'number' | 'integer' | 'boolean';
  default?: string | number | boolean;
  description?: string;
  /**
   * @minItems 1
   */
  enum?: [string | number | number | boolean, ...(string | number | number | boolean)[]];
  minimum?: number;
  maximum?: number;
}
export interface Check {
  /**
   * A `${{ expression }}` over params that must be true.
   */
  assert: string;
  /**
   * What is wrong and how to fix it.
   */
  message: string;
  /**
   * The param whose line the error points at (default: the check's own line).
   */
  param?: string;
}
/**
 * Options every state inherits unless it sets its own.
 */
export interface StateOptions {
  retry?: Retry;
  timeout?: Duration;
  resources?: Resources;
  executor?: 'local' | 'slurm';
  /**
   * Reuse a finished step with the same content key (default true).
   */
  cache?: boolean;
  /**
   * Which implementation to run when several plugins share the step name (their manifests' `implementation`, e.g. `tfjs` or `torch`). May be a `${{ params.* }}` expression; resolved once, before the run starts.
   */
  implementation?: string;
}
export interface Retry {
  /**
   * Total attempts including the first (1 = no retry).
   */
  max_attempts?: number;
  backoff?: {
    initial?: Duration;
    factor?: number;
    max?: Duration;
  };
}
export interface Resources {
  /**
   * GPUs leased for the step; passed as CUDA_VISIBLE_DEVICES.
   */
  gpus?: number;
  cpus?: number;
}
export interface Template {
  description?: string;
  /**
   * Plugin name.
   */
  step?: string;
  /**
   * A template from `templates:` whose settings this state starts from.
   */
  uses?: string;
  /**
   * Fan-out: run the step once per item, all at once, and join when every member finishes. A list, or a `${{ }}` expression over params (e.g. `${{ range(params.members) }}`), resolved before the run starts. Members read `${{ item }}` and `${{ item_index }}`; member k is the state `name[k]`; afterwards `states.name.outputs.<key>` is the list of the members' values.
   */
  for_each?: [unknown, ...unknown[]] | Expression;
  /**
   * For `parallel` and `for_each`: a failed branch cancels its siblings (default true); false lets them finish first.
   */
  fail_fast?: boolean;
  /**
   * Plugin inputs; values may contain `${{ expression }}`.
   */
  with?: {};
  /**
   * Required on states inside a loop: how often the state may run in one run.
   */
  max_visits?: number;
  retry?: Retry;
  timeout?: Duration;
  resources?: Resources;
  executor?: 'local' | 'slurm';
  cache?: boolean;
  /**
   * Which implementation to run when several plugins share the step name (their manifests' `implementation`, e.g. `tfjs` or `torch`). May be a `${{ params.* }}` expression; resolved once, before the run starts.
   */
  implementation?: string;
}
/**
 * A state's keys. In a file with `extends` a state may write only some of them (an override of the base's state); every other state is a whole `state`.
 */
export interface StateFields {
  description?: string;
  /**
   * Plugin name.
   */
  step?: string;
  /**
   * A template from `templates:` whose settings this state starts from.
   */
  uses?: string;
  /**
   * Fan-out: run the step once per item, all at once, and join when every member finishes. A list, or a `${{ }}` expression over params (e.g. `${{ range(params.members) }}`), resolved before the run starts. Members read `${{ item }}` and `${{ item_index }}`; member k is the state `name[k]`; afterwards `states.name.outputs.<key>` is the list of the members' values.
   */
  for_each?: [unknown, ...unknown[]] | Expression;
  /**
   * Branches that run at the same time (an XState parallel state); the state finishes when every branch reaches `done`. Branch states' names are unique in the workflow and their `next` stays inside the branch.
   */
  parallel?: {
    [k: string]: Branch;
  };
  /**
   * For `parallel` and `for_each`: a failed branch cancels its siblings (default true); false lets them finish first.
   */
  fail_fast?: boolean;
  /**
   * Plugin inputs; values may contain `${{ expression }}`.
   */
  with?: {};
  /**
   * The next state, or an ordered list of `{if, next}` branches ending with a default `{next}`.
   */
  next?: Target | [GuardedTransition, ...GuardedTransition[]];
  /**
   * Loop variables to assign when the step succeeds: name → value or `${{ expression }}` (reads `outputs`).
   */
  set?: {
    [k: string]: VarValue;
  };
  /**
   * Required on states inside a loop: how often the state may run in one run.
   */
  max_visits?: number;
  /**
   * A state name, or one of the final states `done` and `failed`.
   */
  on_exhausted?: string;
  /**
   * A state name, or one of the final states `done` and `failed`.
   */
  on_error?: string;
  retry?: Retry;
  timeout?: Duration;
  resources?: Resources;
  executor?: 'local' | 'slurm';
  cache?: boolean;
  /**
   * Which implementation to run when several plugins share the step name (their manifests' `implementation`, e.g. `tfjs` or `torch`). May be a `${{ params.* }}` expression; resolved once, before the run starts.
   */
  implementation?: string;
}
/**
 * A branch: its own start and states; `next: done` ends the branch.
 */
export interface Branch {
  start: StateName;
  states: {
    [k: string]: State;
  };
}
export interface GuardedTransition {
  /**
   * A `${{ expression }}`; the first true branch wins.
   */
  if?: string;
  next: Target;
}
export interface Grid {
  /**
   * Param name → list of values, or a `${{ }}` expression over params that yields one (e.g. `${{ range(1, params.seeds + 1) }}`); `include`/`exclude` follow GitHub Actions semantics.
   */
  matrix: {
    include?: Array<Record<string, string | number | boolean>>;
    exclude?: Array<Record<string, string | number | boolean>>;
    [param: string]:
      Array<string | number | boolean> | Array<Record<string, string | number | boolean>> | string | undefined;
  };
  max_parallel?: number;
  fail_fast?: boolean;
  metric?: {
    /**
     * `state.output` whose final value ranks trials, e.g. `evaluate.test_accuracy`.
     */
    name: string;
    goal?: 'maximize' | 'minimize';
  };
}
/**
 * What `ser-flow report` draws. Charts name step outputs and metric events by state, so the engine needs no knowledge of the workflow's meaning.
 */
export interface Report {
  /**
   * Latest outputs shown in the run summary, as `state.output` (e.g. a backend or version a step reports).
   */
  summary?: OutputRef[];
  charts?: ReportChart[];
  heatmap?: ReportHeatmap;
  experiment?: ReportExperiment;
}
export interface ReportChart {
  title: string;
  /**
   * Mark type (default line).
   */
  kind?: 'line' | 'bar' | 'point';
  /**
   * @minItems 1
   */
  series: [ReportSeries, ...ReportSeries[]];
  /**
   * Overlay the same outputs from the runs given with `--baseline name=<run>` (each drawn as a horizontal line at its final value).
   */
  baselines?: boolean;
  /**
   * Axis title (default: `visit of <state>` for outputs, `step` for metrics).
   */
  x_title?: string;
  y_title?: string;
  description?: string;
}
/**
 * For grid runs: the final value of `metric` per trial, over two params (one heatmap per value of `facet`).
 */
export interface ReportHeatmap {
  /**
   * `state.output`, or a list of them where the first one a trial has wins (e.g. `[evaluate.accuracy, evaluate_seed.accuracy]` for trials that stopped before their first `evaluate`). Trials are ranked by the same fallback when the list starts with `grid.metric.name`.
   */
  metric: OutputRef | [OutputRef, ...OutputRef[]];
  /**
   * Param on the x axis.
   */
  x: string;
  /**
   * Param on the y axis.
   */
  y: string;
  /**
   * Param with one heatmap per value.
   */
  facet?: string;
}
/**
 * For grid runs whose trials are methods × seeds: the paired comparison `ser-flow run`, `compare` and `report` print at the end (per-method mean ± sd, treatment − control with a t-interval, the share of the gap to the reference closed, per-loop outputs).
 */
export interface ReportExperiment {
  /**
   * Param naming a trial's method.
   */
  method: string;
  /**
   * Param that pairs trials across methods: trials with the same value share a split and test set.
   */
  seed: string;
  /**
   * Method value of the baseline (e.g. `seed`).
   */
  control: string | number | boolean;
  /**
   * Method value compared with the control (e.g. `ser`).
   */
  treatment: string | number | boolean;
  /**
   * Method value of an upper bound (e.g. `full`): the share of the reference − control gap that the treatment closes.
   */
  reference?: string | number | boolean;
  /**
   * `state.output` of a trial's accuracy, or a list where the first one a trial has wins (methods end in different states).
   */
  metric: OutputRef | [OutputRef, ...OutputRef[]];
  /**
   * `state.output`: a state's output named by the plugin's output schema; `state[k].output` for member k of a `for_each` state.
   */
  length_baseline?: string;
  /**
   * Column label → `state.output` read per visit of the treatment trials (visit k is loop k + 1), shown as mean ± sd over seeds.
   */
  loops?: {
    [k: string]: OutputRef;
  };
  /**
   * Percentile bootstrap of the share of the gap closed, resampling seeds.
   */
  bootstrap?: {
    resamples?: number;
    /**
     * The bootstrap's own seed (printed with the interval).
     */
    seed?: number;
  };
}
