// The paired methods × seeds comparison of a grid run (`report.experiment`), from its trials' run folders.
import type { ReportExperiment } from '../../../schemas/generated/workflow.js';
import { getFinalOutput, getFirstFinalNumber, getNumber, getOutputHistory } from '../get-output.js';
import type { RunData } from '../run-data.js';
import { getGapClosed, type GapClosed } from '../stats/gap-closed.js';
import { getMeanSd, type MeanSd } from '../stats/mean-sd.js';
import { getPairedDifference, type PairedDifference } from '../stats/paired-difference.js';

export interface MethodSummary {
  method: string;
  /** The metric over the method's finished seeds. */
  accuracy: MeanSd;
  /** Trials left out: not done (failed, cancelled, running), or done without the metric. */
  missing: number;
}

/** `method − control` over the seeds where both have the metric. */
export interface PairedSummary {
  method: string;
  seeds: string[];
  /** Per seed, in `seeds` order. */
  diffs: number[];
  stats: PairedDifference;
}

export interface LoopSummary {
  /** Column labels (`report.experiment.loops` keys). */
  columns: string[];
  /** Loop k is visit k − 1 of each column's state; `seeds`: treatment trials that reached it. */
  rows: { loop: number; seeds: number; cells: (MeanSd | undefined)[] }[];
}

export interface ExperimentData {
  methodParam: string;
  seedParam: string;
  control: string;
  treatment: string;
  reference?: string;
  metric: string[];
  /** Control, treatment, reference, then any other method, as the trials have them. */
  methods: MethodSummary[];
  /** Every seed any trial ran, sorted. */
  seeds: string[];
  treatmentDiff?: PairedSummary;
  referenceDiff?: PairedSummary;
  /** Over the seeds every named method has; undefined without a reference or such seeds; `share: null` when reference ≤ control. */
  gap?: GapClosed;
  loops?: LoopSummary;
  /** The length-only baseline per seed (one trial per seed: every method of a seed shares its test set). */
  lengthBaseline?: { ref: string; accuracy: MeanSd };
  /** Trials that repeat a method and seed: only the first of each is used. */
  duplicates: number;
}

function sortSeeds(seeds: string[]): string[] {
  const numeric = seeds.every((s) => s !== '' && Number.isFinite(Number(s)));
  return [...seeds].sort((a, b) => (numeric ? Number(a) - Number(b) : a.localeCompare(b)));
}

/** method → seed → trial, first trial wins. */
function groupTrials(trials: RunData[], spec: ReportExperiment): { byMethod: Map<string, Map<string, RunData>>; duplicates: number } {
  const byMethod = new Map<string, Map<string, RunData>>();
  let duplicates = 0;
  for (const trial of trials) {
    const params = { ...trial.params, ...trial.matrix };
    const method = String(params[spec.method]);
    const seed = String(params[spec.seed]);
    const bySeed = byMethod.get(method) ?? new Map<string, RunData>();
    byMethod.set(method, bySeed);
    if (bySeed.has(seed)) duplicates += 1;
    else bySeed.set(seed, trial);
  }
  return { byMethod, duplicates };
}

function getPaired(method: string, values: Map<string, number>, control: Map<string, number>, seeds: string[]): PairedSummary | undefined {
  const paired = seeds.filter((s) => values.has(s) && control.has(s));
  if (paired.length === 0) return undefined;
  const b = paired.map((s) => values.get(s)!);
  const a = paired.map((s) => control.get(s)!);
  return { method, seeds: paired, diffs: b.map((x, i) => x - a[i]!), stats: getPairedDifference(b, a) };
}

function getLoops(trials: RunData[], loops: Record<string, string>): LoopSummary | undefined {
  const columns = Object.keys(loops);
  const values = new Map<number, { seeds: number; cells: number[][] }>();
  for (const trial of trials) {
    const reached = new Set<number>();
    columns.forEach((column, c) => {
      for (const { visit, value } of getOutputHistory(trial, loops[column]!)) {
        const x = getNumber(value);
        if (x === undefined) continue;
        const row = values.get(visit + 1) ?? { seeds: 0, cells: columns.map(() => []) };
        values.set(visit + 1, row);
        row.cells[c]!.push(x);
        reached.add(visit + 1);
      }
    });
    for (const loop of reached) values.get(loop)!.seeds += 1;
  }
  if (values.size === 0) return undefined;
  const rows = [...values.entries()]
    .sort(([a], [b]) => a - b)
    .map(([loop, row]) => ({ loop, seeds: row.seeds, cells: row.cells.map((list) => (list.length ? getMeanSd(list) : undefined)) }));
  return { columns, rows };
}

function getLengthBaseline(byMethod: Map<string, Map<string, RunData>>, order: string[], ref: string): ExperimentData['lengthBaseline'] {
  const perSeed = new Map<string, number>();
  for (const method of order) {
    for (const [seed, trial] of byMethod.get(method) ?? []) {
      const value = perSeed.has(seed) || trial.status !== 'done' ? undefined : getNumber(getFinalOutput(trial, ref));
      if (value !== undefined) perSeed.set(seed, value);
    }
  }
  return perSeed.size ? { ref, accuracy: getMeanSd([...perSeed.values()]) } : undefined;
}

/** The experiment table's numbers; undefined when the run has no trials. */
export function collectExperiment(parent: RunData, spec: ReportExperiment): ExperimentData | undefined {
  if (parent.trials.length === 0) return undefined;
  const metric = [spec.metric].flat();
  const [control, treatment] = [String(spec.control), String(spec.treatment)];
  const reference = spec.reference === undefined ? undefined : String(spec.reference);
  const { byMethod, duplicates } = groupTrials(parent.trials, spec);
  const named = [control, treatment, ...(reference === undefined ? [] : [reference])];
  const order = [...new Set([...named, ...byMethod.keys()])];
  const accuracy = new Map(
    order.map((method) => {
      const values = new Map<string, number>();
      for (const [seed, trial] of byMethod.get(method) ?? []) {
        // A failed trial's fallback output (its seed RM's accuracy) is not the method's result.
        const value = trial.status === 'done' ? getFirstFinalNumber(trial, metric) : undefined;
        if (value !== undefined) values.set(seed, value);
      }
      return [method, values] as const;
    }),
  );
  const seeds = sortSeeds([...new Set([...byMethod.values()].flatMap((bySeed) => [...bySeed.keys()]))]);
  const methods = order.map((method) => {
    const values = accuracy.get(method)!;
    return { method, accuracy: getMeanSd(seeds.filter((s) => values.has(s)).map((s) => values.get(s)!)), missing: (byMethod.get(method)?.size ?? 0) - values.size };
  });
  const controlValues = accuracy.get(control)!;
  const treatmentDiff = getPaired(treatment, accuracy.get(treatment)!, controlValues, seeds);
  const referenceDiff = reference === undefined ? undefined : getPaired(reference, accuracy.get(reference)!, controlValues, seeds);
  let gap: GapClosed | undefined;
  const complete = seeds.filter((s) => named.every((m) => accuracy.get(m)!.has(s)));
  if (reference !== undefined && complete.length > 0) {
    const pick = (m: string) => complete.map((s) => accuracy.get(m)!.get(s)!);
    gap = getGapClosed({ seed: pick(control), ser: pick(treatment), full: pick(reference), resamples: spec.bootstrap?.resamples ?? 2000, bootstrapSeed: spec.bootstrap?.seed ?? 1 });
  }
  const treatmentTrials = seeds.flatMap((s) => byMethod.get(treatment)?.get(s) ?? []).filter((t) => t.status === 'done');
  return {
    methodParam: spec.method,
    seedParam: spec.seed,
    control,
    treatment,
    ...(reference === undefined ? {} : { reference }),
    metric,
    methods,
    seeds,
    ...(treatmentDiff ? { treatmentDiff } : {}),
    ...(referenceDiff ? { referenceDiff } : {}),
    ...(gap ? { gap } : {}),
    ...(spec.loops ? { loops: getLoops(treatmentTrials, spec.loops) } : {}),
    ...(spec.length_baseline ? { lengthBaseline: getLengthBaseline(byMethod, order, spec.length_baseline) } : {}),
    duplicates,
  };
}
