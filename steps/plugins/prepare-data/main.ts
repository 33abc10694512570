import { existsSync } from 'node:fs';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { PrepareDataInputs } from '../../../schemas/generated/steps/prepare-data.inputs.js';
import type { PrepareDataOutputs } from '../../../schemas/generated/steps/prepare-data.outputs.js';
import { generateDataset } from '../../lib/data/generate-dataset.js';
import { loadPairs, type SkipCounts } from '../../lib/data/load-pairs.js';
import { MalformedRecordError } from '../../lib/data/read-records.js';
import type { RawPair } from '../../lib/data/records.js';
import { resolveSourcePath } from '../../lib/data/resolve-source.js';
import { splitPairs, SplitError } from '../../lib/data/split-pairs.js';
import { writeJsonl } from '../../lib/data/jsonl.js';
import { runStep, StepInputError, type WithDefaults } from '../../sdk/index.js';

type Inputs = WithDefaults<PrepareDataInputs, 'source' | 'format' | 'on_malformed' | 'sft_ratio' | 'rm_ratio' | 'ppo_ratio' | 'test_fraction' | 'dev_fraction' | 'labeled_fraction' | 'generated_pairs' | 'label_noise' | 'vocab_size' | 'signal_fraction' | 'signal_rate' | 'zipf'>;

await runStep<Inputs>(async (ctx) => {
  const { inputs, request } = ctx;
  const { source, format, on_malformed, seed = request.seed, max_pairs } = inputs;
  const out = request.output_dir;
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
    const file = resolveSourcePath(source);
    if (!existsSync(file)) throw new StepInputError(`prepare-data: source file not found: ${file} (from source "${source}"); give an existing .jsonl, .jsonl.gz or .json path, absolute or relative to where ser-flow runs, or "generated"`);
    try {
      const loaded = loadPairs({ file, format, onMalformed: on_malformed });
      ({ pairs, skipped } = loaded);
      readFormat = loaded.format;
      for (const problem of loaded.problems) ctx.log('warn', `skipped ${problem}`);
    } catch (error) {
      if (error instanceof MalformedRecordError) throw new StepInputError(`prepare-data: ${error.message}`);
      throw error;
    }
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
  const outputs: PrepareDataOutputs = {
    ...paths,
    ...(gold ? { gold } : {}),
    format: readFormat,
    total_pairs: Math.min(pairs.length, max_pairs ?? Infinity),
    labeled_count: splits.labeled.length,
    pool_size: splits.pool.length,
    test_count: splits.test.length,
    dev_count: splits.dev.length,
    sft_count: splits.sft.length,
    ppo_count: splits.ppoPrompts.length,
    skipped: skipped.malformed + skipped.ties + skipped.identical,
    skipped_malformed: skipped.malformed,
    skipped_ties: skipped.ties,
    skipped_identical: skipped.identical,
  };
  for (const name of ['total_pairs', 'labeled_count', 'pool_size', 'test_count', 'skipped'] as const) ctx.metric(name, outputs[name]);
  ctx.result({ ...outputs });
});
