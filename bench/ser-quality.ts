import { getProjectRoot } from '../engine/load/project-root.js';
// SER quality bench (not a test): seed-only vs SER vs full labels, paired per seed, on the generated default
// task and the real HH-RLHF harmless split; prints a table, then one machine-readable RESULT line per dataset.
// Runs in-process on the steps/lib/ml reward model. With no flags it runs workflows/ser.yaml's recipe (its param
// defaults); docs/ser-quality.md lists what cannot be equal.
// Usage: node dist/bench/ser-quality.js [--datasets generated,hh] [--seeds 5] [--hh-seeds 10] [--loops 3] ...
// --vectors <file> (scripts/extract-word-vectors.mjs; needs --dim equal to the file's) starts every fresh RM's embedding from
// pretrained word vectors; --freeze-vectors keeps the table fixed, --vectors-normalize unit / --vectors-scale k rescale them.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateDataset } from '../steps/lib/data/generate-dataset.js';
import { loadPairs } from '../steps/lib/data/load-pairs.js';
import type { LabeledPair, PairScore, RawPair } from '../steps/lib/data/records.js';
import { splitPairs, type SplitOptions } from '../steps/lib/data/split-pairs.js';
import { initBackend } from '../steps/lib/ml/backend/init-backend.js';
import { defaultModelConfig, type RewardModelConfig } from '../steps/lib/ml/models/model-config.js';
import { readWordVectors } from '../steps/lib/ml/io/word-vectors.js';
import { applyWordVectors, type WordVectorInit } from '../steps/lib/ml/models/init-word-vectors.js';
import { disposeParams } from '../steps/lib/ml/models/model-params.js';
import { createRewardModel, scoreTexts, type RewardModel } from '../steps/lib/ml/models/reward-model.js';
import { buildWordTokenizer, type WordTokenizer } from '../steps/lib/ml/tokenizer/index.js';
import { trainRewardModel } from '../steps/lib/ml/train/train-reward-model.js';
import { averageScores } from '../steps/lib/ser/average-scores.js';
import { centerScores, type Centering } from '../steps/lib/ser/center-scores.js';
import { accumulateTraining, selectPairs, type SelectionMode } from '../steps/lib/ser/select-pairs.js';
import type { PseudoTargets } from '../steps/lib/ser/to-training-pairs.js';
import { formatGapClosed, getGapClosed, type GapClosed } from '../engine/report/stats/gap-closed.js';
import { formatPairedDifference, getPairedDifference, type PairedDifference } from '../engine/report/stats/paired-difference.js';
import { formatMeanSd, getMeanSd } from '../engine/report/stats/mean-sd.js';

const ROOT = getProjectRoot();
const HH_FILE = join(ROOT, '../shared/data/hh-rlhf/harmless-base/test.jsonl.gz');

const { values: flags } = parseArgs({
  options: {
    datasets: { type: 'string', default: 'generated,hh' },
    seeds: { type: 'string', default: '5' },
    'hh-seeds': { type: 'string', default: '10' },
    loops: { type: 'string', default: '3' },
    'tau-high': { type: 'string', default: '0.52' },
    'tau-low': { type: 'string', default: '0.48' },
    'tau-delta': { type: 'string', default: '0.2' },
    mode: { type: 'string', default: 'code' },
    'n-min': { type: 'string', default: '1' },
    center: { type: 'string', default: 'pool-z' },
    weight: { type: 'string', default: '1' },
    warm: { type: 'boolean', default: false },
    'weight-by': { type: 'string', default: 'confidence' },
    'max-admit': { type: 'string' },
    revise: { type: 'boolean', default: false },
    targets: { type: 'string', default: 'hard' },
    smoothing: { type: 'string', default: '0' },
    ensemble: { type: 'string', default: '2' },
    'warm-lr': { type: 'string' },
    epochs: { type: 'string', default: '12' },
    lr: { type: 'string', default: '0.003' },
    'weight-decay': { type: 'string', default: '0.01' },
    margin: { type: 'string', default: '0' },
    'token-dropout': { type: 'string', default: '0.7' },
    // Seeds first-seed … first-seed + seeds − 1 (fresh seeds confirm a configuration chosen on others).
    'first-seed': { type: 'string', default: '1' },
    dim: { type: 'string', default: '64' },
    model: { type: 'string', default: 'bag' },
    // Ensemble members after the first (selection only) may use another architecture and step size.
    'member-model': { type: 'string' },
    'member-lr': { type: 'string' },
    'member-epochs': { type: 'string' },
    // Diagnostic: admitted pairs carry the hidden human label instead of the RM's (which pairs vs which labels).
    'oracle-labels': { type: 'boolean', default: false },
    'max-len': { type: 'string', default: String(defaultModelConfig.maxLen) },
    bigrams: { type: 'string', default: '0' },
    vectors: { type: 'string' },
    'freeze-vectors': { type: 'boolean', default: false },
    'vectors-normalize': { type: 'string', default: 'none' },
    'vectors-scale': { type: 'string', default: '1' },
    'vectors-members': { type: 'string', default: 'all' },
    'generated-pairs': { type: 'string', default: '4000' },
    // Generated task only: N more pairs from the same generator (never trained on, never in the vocabulary)
    // join the test set, so a seed's accuracy is measured on 400 + N pairs instead of 400 (sampling SE ~2 points).
    'extra-test': { type: 'string', default: '0' },
    'label-noise': { type: 'string', default: '0.1' },
    'signal-rate': { type: 'string', default: '0.3' },
    vocab: { type: 'string', default: '1000' },
    zipf: { type: 'string', default: '1.3' },
    // The gap-closed interval: resamples of seeds and the bootstrap's own seed (both printed with it).
    'bootstrap-resamples': { type: 'string', default: '2000' },
    'bootstrap-seed': { type: 'string', default: '1' },
  },
});
const num = (name: keyof typeof flags) => Number(flags[name]);
// Pretrained word vectors (scripts/extract-word-vectors.mjs) that every fresh RM's embedding starts from.
const wordVectors = flags.vectors === undefined ? undefined : readWordVectors(flags.vectors);
if (wordVectors && wordVectors.dim !== num('dim')) {
  console.error(`--vectors ${flags.vectors} holds ${wordVectors.dim}-d vectors but --dim is ${num('dim')}: pass --dim ${wordVectors.dim}`);
  process.exit(1);
}
if (!['all', 'others'].includes(String(flags['vectors-members']))) throw new Error(`--vectors-members must be all or others, got ${flags['vectors-members']}`);
if (!['none', 'unit'].includes(String(flags['vectors-normalize']))) throw new Error(`--vectors-normalize must be none or unit, got ${flags['vectors-normalize']}`);
if (!['constant', 'confidence'].includes(String(flags['weight-by']))) throw new Error(`--weight-by must be constant or confidence, got ${flags['weight-by']}`);

interface SeedResult {
  seed: number;
  seedAcc: number;
  fullAcc: number;
  serAcc: number;
  loops: Array<{ status: string; admitted: number; precision: number; accuracy: number }>;
}

function toTrain(pairs: LabeledPair[]) {
  return pairs.map((p) => ({ id: p.id, prompt: p.prompt, chosen: p.chosen, rejected: p.rejected, weight: p.weight ?? 1 }));
}

/** Trains ensemble member `member` (0 = the evaluated RM): fresh from its seeded init, or on from `init`. */
async function trainModel(options: { pairs: LabeledPair[]; tokenizer: WordTokenizer; seed: number; member: number; init?: RewardModel; lr?: number }): Promise<RewardModel> {
  const { pairs, tokenizer, seed, member, init } = options;
  const other = member > 0 && flags['member-model'] !== undefined;
  const lr = other && flags['member-lr'] !== undefined ? num('member-lr') : (options.lr ?? num('lr'));
  const epochs = other && flags['member-epochs'] !== undefined ? num('member-epochs') : num('epochs');
  const architecture = (other ? flags['member-model'] : flags.model) as RewardModelConfig['architecture'];
  const config = { ...defaultModelConfig, architecture, vocabSize: tokenizer.words.length, dim: num('dim'), hidden: num('dim'), bigramBuckets: num('bigrams'), maxLen: num('max-len'), seed };
  let model = init;
  if (!model) {
    model = createRewardModel({ config, tokenizer });
    // --vectors-members others: only the selection-only ensemble members start from the vectors (diversity).
    if (wordVectors && (flags['vectors-members'] === 'all' || member > 0)) {
      const normalize = flags['vectors-normalize'] as WordVectorInit['normalize'];
      applyWordVectors({ model, vectors: wordVectors, normalize, scale: num('vectors-scale'), freeze: flags['freeze-vectors'] });
    }
  }
  const train = { loss: 'bt' as const, margin: num('margin'), centerCoef: 0, epochs, batchSize: 32, lr, weightDecay: num('weight-decay'), warmupRatio: 0.1, seed, tokenDropout: num('token-dropout') };
  await trainRewardModel({ model, pairs: toTrain(pairs), train });
  return model;
}

async function getAccuracy(model: RewardModel, pairs: LabeledPair[]): Promise<number> {
  const prompts = pairs.map((p) => p.prompt);
  const chosen = await scoreTexts(model, prompts, pairs.map((p) => p.chosen));
  const rejected = await scoreTexts(model, prompts, pairs.map((p) => p.rejected));
  return chosen.reduce((n, c, i) => n + (c > rejected[i] ? 1 : 0), 0) / pairs.length;
}

async function runSeed(pairs: RawPair[], split: SplitOptions, extraTest: RawPair[] = []): Promise<SeedResult> {
  const base = splitPairs(pairs, split);
  const s = { ...base, test: [...base.test, ...extraTest.map((p, i): LabeledPair => ({ id: `extra-test-${i}`, prompt: p.prompt, chosen: p.chosen, rejected: p.rejected }))] };
  const seed = split.seed;
  // The vocabulary may see unlabeled text (labeled + pool), never test text, and is shared by all three methods.
  const tokenizer = buildWordTokenizer({ texts: [...s.labeled.flatMap((p) => [p.prompt, p.chosen, p.rejected]), ...s.pool.flatMap((p) => [p.prompt, p.a, p.b])], vocabSize: 8000 });
  if (wordVectors && seed === 1) console.error(`word vectors: ${tokenizer.words.filter((w) => wordVectors.index.has(w)).length} of ${tokenizer.words.length} vocabulary words found in ${flags.vectors}`);
  const labelOf = new Map(s.poolLabels.map((l) => [l.id, l.label]));
  const full: LabeledPair[] = [...s.labeled, ...s.pool.map((p) => (labelOf.get(p.id) === 'a' ? { id: p.id, prompt: p.prompt, chosen: p.a, rejected: p.b } : { id: p.id, prompt: p.prompt, chosen: p.b, rejected: p.a }))];
  const fullModel = await trainModel({ pairs: full, tokenizer, seed, member: 0 });
  const fullAcc = await getAccuracy(fullModel, s.test);
  disposeParams(fullModel.params);
  // The first model is the one evaluated; with --ensemble N, N − 1 more (other init seeds) only help select.
  const ensembleSeeds = Array.from({ length: num('ensemble') }, (_, k) => seed + 1000 * k);
  let models: RewardModel[] = [];
  for (const [member, k] of ensembleSeeds.entries()) models.push(await trainModel({ pairs: s.labeled, tokenizer, seed: k, member }));
  let model = models[0];
  const seedAcc = await getAccuracy(model, s.test);
  const poolById = new Map(s.pool.map((p) => [p.id, p]));
  // The answer the hidden human label prefers, to score (or, with --oracle-labels, replace) pseudo-labels.
  const getHumanChosen = (id: string) => poolById.get(id)![labelOf.get(id)!];
  let pool = s.pool;
  let train: LabeledPair[] = s.labeled;
  const loops: SeedResult['loops'] = [];
  for (let loop = 1; loop <= num('loops'); loop++) {
    const scored = flags.revise ? s.pool : pool;
    const prompts = scored.map((p) => p.prompt);
    const tables: PairScore[][] = [];
    for (const m of models) {
      const ra = await scoreTexts(m, prompts, scored.map((p) => p.a));
      const rb = await scoreTexts(m, prompts, scored.map((p) => p.b));
      const raw: PairScore[] = scored.map((p, i) => ({ id: p.id, r_a: ra[i], r_b: rb[i], p_a: 1 / (1 + Math.exp(-ra[i])), p_b: 1 / (1 + Math.exp(-rb[i])) }));
      tables.push(centerScores(raw, flags.center as Centering).scores);
    }
    const selection = selectPairs({
      pool: scored,
      scores: averageScores(tables),
      thresholds: { tauHigh: num('tau-high'), tauLow: num('tau-low'), tauDelta: num('tau-delta') },
      mode: flags.mode as SelectionMode,
      nMin: num('n-min'),
      maxAdmit: flags['max-admit'] === undefined ? undefined : num('max-admit'),
      loop,
      rm: `loop-${loop - 1}`,
      weight: num('weight'),
      weightBy: flags['weight-by'] as 'constant' | 'confidence',
    });
    if (selection.status === 'stop') {
      loops.push({ status: 'stop', admitted: 0, precision: Number.NaN, accuracy: loops.at(-1)?.accuracy ?? seedAcc });
      break;
    }
    const correct = selection.admitted.filter((a) => a.chosen === getHumanChosen(a.id)).length;
    const admitted = flags['oracle-labels']
      ? selection.admitted.map((a) => (getHumanChosen(a.id) === a.chosen ? a : { ...a, chosen: getHumanChosen(a.id), rejected: a.chosen }))
      : selection.admitted;
    train = accumulateTraining(train, admitted, { revise: flags.revise, targets: flags.targets as PseudoTargets, smoothing: num('smoothing') });
    pool = selection.remaining;
    const warmLr = flags['warm-lr'] === undefined ? num('lr') : num('warm-lr');
    const next: RewardModel[] = [];
    for (const [k, m] of models.entries()) next.push(await trainModel({ pairs: train, tokenizer, seed: ensembleSeeds[k], member: k, init: flags.warm ? m : undefined, lr: flags.warm ? warmLr : num('lr') }));
    for (const [k, m] of models.entries()) if (next[k] !== m) disposeParams(m.params);
    models = next;
    model = models[0];
    loops.push({ status: selection.status, admitted: selection.admitted.length, precision: correct / selection.admitted.length, accuracy: await getAccuracy(model, s.test) });
  }
  const serAcc = loops.at(-1)?.accuracy ?? seedAcc;
  for (const m of models) disposeParams(m.params);
  return { seed, seedAcc, fullAcc, serAcc, loops };
}

/** `RESULT dataset=… seeds=… seed=… ser=… full=… diff=… se=… gap_closed=…`: the bench's machine-readable verdict. */
function formatResultLine(name: string, means: { seed: number; ser: number; full: number }, gain: PairedDifference, gap: GapClosed): string {
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : 'n/a');
  const gapClosed = gap.share === null ? 'n/a' : `${(100 * gap.share).toFixed(1)}%`;
  return `RESULT dataset=${name} seeds=${gain.n} seed=${f(means.seed)} ser=${f(means.ser)} full=${f(means.full)} diff=${f(gain.mean)} se=${f(gain.se)} gap_closed=${gapClosed}`;
}

/** Prints a dataset's tables and returns its RESULT line (printed after every dataset's tables). */
function printDataset(name: string, results: SeedResult[]): string {
  const col = (f: (r: SeedResult) => number) => results.map(f);
  const [seedAcc, serAcc, fullAcc] = [col((r) => r.seedAcc), col((r) => r.serAcc), col((r) => r.fullAcc)];
  console.log(`\n## ${name} (${results.length} seeds)`);
  console.log('| method | test accuracy (mean ± sd) |\n|---|---|');
  console.log(`| seed-only | ${formatMeanSd(getMeanSd(seedAcc))} |`);
  console.log(`| SER | ${formatMeanSd(getMeanSd(serAcc))} |`);
  console.log(`| full labels | ${formatMeanSd(getMeanSd(fullAcc))} |`);
  const loops = Math.max(...results.map((r) => r.loops.length));
  console.log('\n| loop | status (seeds) | admitted (mean) | pseudo-label precision (mean ± sd) | test accuracy (mean ± sd) |\n|---|---|---|---|---|');
  for (let i = 0; i < loops; i++) {
    const at = results.map((r) => r.loops[i]).filter((l) => l !== undefined);
    const statuses = [...new Set(at.map((l) => l.status))].map((s) => `${s} ×${at.filter((l) => l.status === s).length}`).join(', ');
    const admitted = getMeanSd(at.map((l) => l.admitted)).mean;
    const precision = getMeanSd(at.filter((l) => l.admitted > 0).map((l) => l.precision));
    console.log(`| ${i + 1} | ${statuses} | ${admitted.toFixed(0)} | ${formatMeanSd(precision)} | ${formatMeanSd(getMeanSd(at.map((l) => l.accuracy)))} |`);
  }
  const gain = getPairedDifference(serAcc, seedAcc);
  const gap = getGapClosed({ seed: seedAcc, ser: serAcc, full: fullAcc, resamples: num('bootstrap-resamples'), bootstrapSeed: num('bootstrap-seed') });
  console.log(`\npaired SER − seed: ${formatPairedDifference(gain)} (${(gain.mean / (gain.sd || Number.NaN)).toFixed(2)} sd)`);
  console.log(`paired full − seed: ${formatPairedDifference(getPairedDifference(fullAcc, seedAcc))}`);
  console.log(`gap closed by SER: ${formatGapClosed(gap)}`);
  const mean = (values: number[]) => getMeanSd(values).mean;
  return formatResultLine(name, { seed: mean(seedAcc), ser: mean(serAcc), full: mean(fullAcc) }, gain, gap);
}

const backend = await initBackend('auto');
console.log(`# SER quality bench — backend ${backend.name}; flags ${JSON.stringify(flags)}`);
const resultLines: string[] = [];
for (const dataset of String(flags.datasets).split(',')) {
  const started = performance.now();
  let pairs: RawPair[];
  let seeds: number;
  let split: Omit<SplitOptions, 'seed'>;
  if (dataset === 'generated') {
    seeds = num('seeds');
    split = {};
    pairs = [];
  } else if (dataset === 'hh') {
    if (!existsSync(HH_FILE)) {
      console.log(`\n## hh: skipped — ${HH_FILE} not found (../shared is only on the development machine)`);
      continue;
    }
    pairs = loadPairs({ file: HH_FILE }).pairs;
    seeds = num('hh-seeds');
    // As the prototype: 20 % test, the rest is the RM split (no SFT/PPO share), 15 % of it labeled.
    split = { sftRatio: 0, ppoRatio: 0, rmRatio: 1, testFraction: 0.2, devFraction: 0 };
  } else {
    throw new Error(`unknown dataset "${dataset}": use generated and/or hh`);
  }
  const results: SeedResult[] = [];
  for (let seed = num('first-seed'); seed < num('first-seed') + seeds; seed++) {
    // The generator is sequential: asking for more pairs leaves the first `generated-pairs` unchanged.
    const generatedCount = num('generated-pairs');
    const data =
      dataset === 'generated'
        ? generateDataset({ pairs: generatedCount + num('extra-test'), seed, labelNoise: num('label-noise'), signalRate: num('signal-rate'), vocabSize: num('vocab'), zipf: num('zipf') }).pairs
        : pairs;
    const result = await runSeed(data.slice(0, dataset === 'generated' ? generatedCount : data.length), { ...split, seed }, dataset === 'generated' ? data.slice(generatedCount) : []);
    results.push(result);
    console.error(`${dataset} seed ${seed}: seed ${result.seedAcc.toFixed(3)} SER ${result.serAcc.toFixed(3)} full ${result.fullAcc.toFixed(3)} | ${result.loops.map((l) => `${l.status} +${l.admitted} p=${l.precision.toFixed(2)} acc=${l.accuracy.toFixed(3)}`).join(' | ')}`);
  }
  resultLines.push(printDataset(dataset, results));
  console.log(`(${((performance.now() - started) / 1000).toFixed(0)} s)`);
}
console.log('');
for (const line of resultLines) console.log(line);
