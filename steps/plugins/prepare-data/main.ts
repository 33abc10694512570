import { existsSync } from 'node:fs';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { PrepareDataInputs } from '../../../schemas/generated/steps/prepare-data.inputs.js';
import type { PrepareDataOutputs } from '../../../schemas/generated/steps/prepare-data.outputs.js';
import { dropDuplicatePairs, dropHeldOutOverlap } from '../../lib/data/drop-overlaps.js';
import { generateDataset } from '../../lib/data/generate-dataset.js';
import { getTestSizeWarning } from '../../lib/data/get-test-size-warning.js';
import { loadPairs, type LoadedPairs, type SkipCounts } from '../../lib/data/load-pairs.js';
import { MalformedRecordError } from '../../lib/data/read-records.js';
import type { RawPair } from '../../lib/data/records.js';
import { resolveSourcePath } from '../../lib/data/resolve-source.js';
import { splitPairs, SplitError } from '../../lib/data/split-pairs.js';
import { writeJsonl } from '../../lib/data/jsonl.js';
import { runStep, StepInputError, type WithDefaults } from '../../sdk/index.js';

type Inputs = WithDefaults<PrepareDataInputs, 'source' | 'format' | 'on_malformed' | 'drop_duplicates' | 'split_by' | 'sft_ratio' | 'rm_ratio' | 'ppo_ratio' | 'test_fraction' | 'dev_fraction' | 'labeled_fraction' | 'generated_pairs' | 'label_noise' | 'vocab_size' | 'signal_fraction' | 'signal_rate' | 'zipf'>;

await runStep<Inputs>(async (ctx) => {
  const { inputs, request } = ctx;
  const { source, format, on_malformed, seed = request.seed, max_pairs, test_file, dev_file } = inputs;
  const out = request.output_dir;
  const loadedFiles: LoadedPairs[] = [];
  /** Loads a data file (source, test_file or dev_file) with the same loaders and format detection, warning about what it changed. */
  const loadSource = (path: string, input: string): LoadedPairs => {
    const file = resolveSourcePath(path);
    if (!existsSync(file)) throw new StepInputError(`prepare-data: ${input} file not found: ${file} (from ${input} "${path}"); give an existing .jsonl, .jsonl.gz or .json path, absolute or relative to where ser-flow runs${input === 'source' ? ', or "generated"' : ''}`);
    let loaded: LoadedPairs;
    try {
      loaded = loadPairs({ file, format, onMalformed: on_malformed });
    } catch (error) {
      if (error instanceof MalformedRecordError) throw new StepInputError(`prepare-data: ${error.message}`);
      throw error;
    }
    for (const problem of loaded.problems) ctx.log('warn', `skipped ${problem}`);
    const { converted, invalidUtf8Lines: bad } = loaded;
    if (converted.length) ctx.log('warn', `read the number or boolean answers of ${converted.length} records as text (true → "true"), first at ${converted.slice(0, 3).join(', ')}; write answers as JSON strings to be sure what the RM reads`);
    if (bad.length) ctx.log('warn', `${file}: ${bad.length} lines are not valid UTF-8 (line ${bad.slice(0, 5).join(', ')}${bad.length > 5 ? ', …' : ''}); their bad bytes were read as U+FFFD (�): re-encode the file as UTF-8, e.g. iconv -f latin1 -t utf-8`);
    loadedFiles.push(loaded);
    return loaded;
  };
  let pairs: RawPair[];
  let readFormat: string;
  let skipped: SkipCounts = { malformed: 0, ties: 0, identical: 0 };
  let gold: string | undefined;
  if (source === 'generated') {
    const generated = generateDataset({
      pairs: inputs.generated_pairs,
      seed,
      labelNoise: inputs.label_noise,
      vocabSize: inputs.vocab_size,
      signalFraction: inputs.signal_fraction,
      signalRate: inputs.signal_rate,
      zipf: inputs.zipf,
    });
    pairs = generated.pairs;
    readFormat = 'generated';
    gold = join(out, 'gold.json');
    await writeFileAtomic(gold, JSON.stringify(generated.gold, null, 1) + '\n');
  } else {
    const loaded = loadSource(source, 'source');
    pairs = loaded.pairs;
    skipped = { ...loaded.skipped };
    readFormat = loaded.format;
  }
  const heldOut = { test: test_file ? loadSource(test_file, 'test_file') : undefined, dev: dev_file ? loadSource(dev_file, 'dev_file') : undefined };
  for (const file of [heldOut.test, heldOut.dev]) {
    if (!file) continue;
    for (const reason of ['malformed', 'ties', 'identical'] as const) skipped[reason] += file.skipped[reason];
  }
  let duplicates = 0;
  if (inputs.drop_duplicates) {
    ({ pairs, dropped: duplicates } = dropDuplicatePairs(pairs));
    if (duplicates) ctx.log('info', `dropped ${duplicates} exact duplicate pairs (same prompt, chosen and rejected) of the source; drop_duplicates: false keeps them`);
  }
  const held = [...(heldOut.test?.pairs ?? []), ...(heldOut.dev?.pairs ?? [])];
  let heldOutOverlap = 0;
  if (held.length) {
    ({ pairs, dropped: heldOutOverlap } = dropHeldOutOverlap(pairs, held, inputs.split_by));
    if (heldOutOverlap) ctx.log('warn', `dropped ${heldOutOverlap} source pairs that test_file/dev_file hold${inputs.split_by === 'prompt' ? ' (by prompt)' : ''}, so nothing is trained on what is tested`);
  }
  let splits;
  try {
    splits = splitPairs(pairs, {
      seed,
      maxPairs: max_pairs,
      sftRatio: inputs.sft_ratio,
      rmRatio: inputs.rm_ratio,
      ppoRatio: inputs.ppo_ratio,
      testFraction: inputs.test_fraction,
      devFraction: inputs.dev_fraction,
      labeledFraction: inputs.labeled_fraction,
      splitBy: inputs.split_by,
      test: heldOut.test?.pairs,
      dev: heldOut.dev?.pairs,
    });
  } catch (error) {
    if (error instanceof SplitError) throw new StepInputError(`prepare-data: ${error.message}`);
    throw error;
  }
  const labelOf = new Map(splits.poolLabels.map((l) => [l.id, l.label]));
  const full = [
    ...splits.labeled,
    ...splits.pool.map((p) => {
      const aWins = labelOf.get(p.id) === 'a';
      return { id: p.id, prompt: p.prompt, chosen: aWins ? p.a : p.b, rejected: aWins ? p.b : p.a, source: 'human' as const };
    }),
  ];
  const files = {
    labeled: ['labeled.jsonl', splits.labeled],
    pool: ['pool.jsonl', splits.pool],
    pool_labels: ['pool-labels.jsonl', splits.poolLabels],
    full: ['full.jsonl', full],
    test: ['test.jsonl', splits.test],
    dev: ['dev.jsonl', splits.dev],
    sft: ['sft.jsonl', splits.sft],
    ppo_prompts: ['ppo-prompts.jsonl', splits.ppoPrompts],
  } as const;
  const paths = {} as Record<keyof typeof files, string>;
  for (const [key, [name, records]] of Object.entries(files) as Array<[keyof typeof files, readonly [string, unknown[]]]>) {
    paths[key] = join(out, name);
    await writeJsonl(paths[key], records);
  }
  const totalPairs = Math.min(pairs.length, max_pairs ?? Infinity);
  const warning = getTestSizeWarning({ testCount: splits.test.length, sourcePairs: totalPairs, devFraction: inputs.dev_fraction, fromFile: Boolean(heldOut.test) });
  if (warning) ctx.log('warn', warning);
  const outputs: PrepareDataOutputs = {
    ...paths,
    ...(gold ? { gold } : {}),
    format: readFormat,
    total_pairs: totalPairs,
    labeled_count: splits.labeled.length,
    pool_size: splits.pool.length,
    test_count: splits.test.length,
    dev_count: splits.dev.length,
    sft_count: splits.sft.length,
    ppo_count: splits.ppoPrompts.length,
    skipped: skipped.malformed + skipped.ties + skipped.identical + duplicates + heldOutOverlap,
    skipped_malformed: skipped.malformed,
    skipped_ties: skipped.ties,
    skipped_identical: skipped.identical,
    skipped_duplicates: duplicates,
    skipped_held_out: heldOutOverlap,
    converted_records: loadedFiles.reduce((sum, f) => sum + f.converted.length, 0),
    non_utf8_lines: loadedFiles.reduce((sum, f) => sum + f.invalidUtf8Lines.length, 0),
  };
  for (const name of ['total_pairs', 'labeled_count', 'pool_size', 'test_count', 'skipped'] as const) ctx.metric(name, outputs[name]);
  ctx.result({ ...outputs });
});
