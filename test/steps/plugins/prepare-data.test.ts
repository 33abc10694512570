import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readLines, ROOT, runPlugin, type PluginRun } from '../lib/ser/run-plugin.js';

const EXAMPLE = join(ROOT, 'examples/preferences.jsonl');
const toLines = (records: unknown[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n';
const getWarnings = (run: PluginRun) => run.events.filter((e) => e.type === 'log' && e.level === 'warn').map((e) => e.message as string);
/** `count` prompts with `perPrompt` distinct pairs each. */
const makePairs = (count: number, perPrompt = 1, tag = 'q') =>
  Array.from({ length: count * perPrompt }, (_, i) => ({ prompt: `${tag}${Math.floor(i / perPrompt)}?`, chosen: `good ${tag}${i}`, rejected: `bad ${tag}${i}` }));
const getKey = (p: Record<string, unknown>) => JSON.stringify([p.prompt, p.chosen, p.rejected]);
/** The prompts of every split that trains something (labeled, pool, SFT, PPO). */
const getTrainingPrompts = (o: Record<string, unknown>) => new Set(['labeled', 'pool', 'sft', 'ppo_prompts'].flatMap((k) => readLines(o[k] as string).map((l) => l.prompt as string)));

describe('prepare-data plugin', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ser-prepare-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('generates the default dataset and writes every SER file, byte-identical for the same seed', () => {
    const inputs = { generated_pairs: 400 };
    const first = runPlugin({ name: 'prepare-data', dir: join(dir, 'a'), inputs, seed: 4 });
    assert.equal(first.status, 0, first.stderr);
    const o = first.outputs!;
    assert.equal(o.format, 'generated');
    for (const key of ['labeled', 'pool', 'pool_labels', 'test', 'dev', 'sft', 'ppo_prompts', 'gold']) assert.ok(existsSync(o[key] as string), key);
    assert.equal((o.labeled_count as number) + (o.pool_size as number) + (o.test_count as number) + (o.dev_count as number) + (o.sft_count as number) + (o.ppo_count as number), 400);
    for (const line of readLines(o.pool as string)) assert.deepEqual(Object.keys(line).sort(), ['a', 'b', 'id', 'prompt'], 'pool lines carry no label');
    const second = runPlugin({ name: 'prepare-data', dir: join(dir, 'b'), inputs, seed: 4 });
    for (const key of ['labeled', 'pool', 'pool_labels', 'test', 'gold']) {
      assert.equal(readFileSync(second.outputs![key] as string, 'utf8'), readFileSync(o[key] as string, 'utf8'), `${key} differs across runs`);
    }
  });

  it('loads a file, counts skipped records, and fails on a malformed line with file:line and no stack', () => {
    const good = Array.from({ length: 60 }, (_, i) => JSON.stringify({ prompt: `p${i}`, chosen: `yes ${i}`, rejected: `no ${i}` }));
    const file = join(dir, 'pairs.jsonl');
    writeFileSync(file, [...good.slice(0, 30), '{oops', JSON.stringify({ prompt: 'p', chosen: 'same', rejected: 'same' }), ...good.slice(30)].join('\n') + '\n');
    const skipped = runPlugin({ name: 'prepare-data', dir: join(dir, 'skip'), inputs: { source: file, on_malformed: 'skip', test_fraction: 0.2 } });
    assert.equal(skipped.status, 0, skipped.stderr);
    assert.equal(skipped.outputs!.format, 'generic');
    assert.deepEqual([skipped.outputs!.total_pairs, skipped.outputs!.skipped_malformed, skipped.outputs!.skipped_identical, skipped.outputs!.skipped], [60, 1, 1, 2]);
    assert.equal(skipped.outputs!.gold, undefined);
    const failed = runPlugin({ name: 'prepare-data', dir: join(dir, 'fail'), inputs: { source: file } });
    assert.equal(failed.status, 2);
    assert.match(failed.stderr, new RegExp(`${file.replace(/[.]/g, '\\.')}:31: not valid JSON`));
    assert.doesNotMatch(failed.stderr, /\n\s+at /, 'no stack trace');
    assert.equal(failed.outputs, undefined);
    const missing = runPlugin({ name: 'prepare-data', dir: join(dir, 'missing'), inputs: { source: 'no/such.jsonl' } });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /source file not found: .*no\/such\.jsonl/);
  });

  it('reads the real FineGrainedRLHF QA feedback (2,616 decisive pairs, 384 ties)', function () {
    const data = join(ROOT, '../shared/data/finegrainedrlhf-qa-feedback/dev_feedback.json');
    if (!existsSync(data)) this.skip(); // ../shared is absent outside the development machine
    const run = runPlugin({ name: 'prepare-data', dir, inputs: { source: data } });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual([run.outputs!.format, run.outputs!.total_pairs, run.outputs!.skipped_ties], ['finegrained-qa', 2616, 384]);
  });

  it('drops exact duplicate pairs by default and counts them; drop_duplicates false keeps them', () => {
    const pairs = makePairs(60);
    const file = join(dir, 'dups.jsonl');
    writeFileSync(file, toLines([...pairs, pairs[3], pairs[3], pairs[10], { ...pairs[20], chosen: 'other' }]));
    const run = runPlugin({ name: 'prepare-data', dir: join(dir, 'on'), inputs: { source: file, test_fraction: 0.2 } });
    assert.equal(run.status, 0, run.stderr);
    const o = run.outputs!;
    assert.deepEqual([o.total_pairs, o.skipped_duplicates, o.skipped], [61, 3, 3]);
    const written = ['labeled', 'test', 'dev'].flatMap((k) => readLines(o[k] as string)).map(getKey);
    assert.equal(new Set(written).size, written.length, 'no pair written twice');
    const off = runPlugin({ name: 'prepare-data', dir: join(dir, 'off'), inputs: { source: file, test_fraction: 0.2, drop_duplicates: false } });
    assert.deepEqual([off.outputs!.total_pairs, off.outputs!.skipped_duplicates], [64, 0]);
  });

  it('split_by prompt keeps every prompt of test and dev out of labeled, pool, SFT and PPO (split_by pair does not)', () => {
    const file = join(dir, 'groups.jsonl');
    writeFileSync(file, toLines(makePairs(150, 4)));
    const inputs = { source: file, test_fraction: 0.2, dev_fraction: 0.1 };
    const grouped = runPlugin({ name: 'prepare-data', dir: join(dir, 'prompt'), inputs: { ...inputs, split_by: 'prompt' } });
    assert.equal(grouped.status, 0, grouped.stderr);
    const o = grouped.outputs!;
    assert.deepEqual([o.test_count, o.dev_count], [120, 60], 'whole groups of 4 fill 20 % and 10 % of 600 exactly');
    const training = getTrainingPrompts(o);
    const heldOut = [...readLines(o.test as string), ...readLines(o.dev as string)].map((l) => l.prompt as string);
    assert.deepEqual(heldOut.filter((p) => training.has(p)), [], 'no held-out prompt is trained on');
    const testPrompts = new Set(readLines(o.test as string).map((l) => l.prompt));
    assert.ok(readLines(o.dev as string).every((l) => !testPrompts.has(l.prompt)), 'test and dev share no prompt');
    const paired = runPlugin({ name: 'prepare-data', dir: join(dir, 'pair'), inputs });
    const pairTraining = getTrainingPrompts(paired.outputs!);
    assert.ok(readLines(paired.outputs!.test as string).some((l) => pairTraining.has(l.prompt as string)), 'the pair split lets prompts straddle');
  });

  it('uses test_file and dev_file as given, in any format, and drops the source pairs they hold', () => {
    const source = makePairs(200);
    const test = makePairs(40, 1, 't');
    const dev = makePairs(20, 1, 'd');
    const files = { source: join(dir, 'source.jsonl'), test: join(dir, 'test.jsonl.gz'), dev: join(dir, 'dev.json') };
    writeFileSync(files.source, toLines([...source, test[5], dev[0]]));
    writeFileSync(files.test, gzipSync(toLines(test)));
    writeFileSync(files.dev, JSON.stringify(dev));
    const run = runPlugin({ name: 'prepare-data', dir: join(dir, 'held'), inputs: { source: files.source, test_file: files.test, dev_file: files.dev } });
    assert.equal(run.status, 0, run.stderr);
    const o = run.outputs!;
    assert.deepEqual(readLines(o.test as string).map(getKey), test.map(getKey), 'test.jsonl is test_file, pair by pair, in order');
    assert.deepEqual(readLines(o.dev as string).map(getKey), dev.map(getKey));
    assert.deepEqual([o.test_count, o.dev_count, o.total_pairs, o.skipped_held_out], [40, 20, 200, 2]);
    assert.equal(o.labeled_count as number + (o.pool_size as number) + (o.sft_count as number) + (o.ppo_count as number), 200, 'the whole source trains: no test or dev share is carved off');
    const training = getTrainingPrompts(o);
    assert.ok(![...test, ...dev].some((p) => training.has(p.prompt)), 'no held-out pair is trained on');
    const missing = runPlugin({ name: 'prepare-data', dir: join(dir, 'nofile'), inputs: { source: files.source, test_file: 'no/such/test.jsonl' } });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /test_file file not found: .*no\/such\/test\.jsonl/);
  });

  it('warns when the test set is under 300 pairs, with its standard error and the test_fraction that gives 300', () => {
    const small = runPlugin({ name: 'prepare-data', dir: join(dir, 'small'), inputs: { source: EXAMPLE } });
    assert.equal(small.status, 0, small.stderr);
    assert.equal(small.outputs!.test_count, 100);
    const [warning, ...others] = getWarnings(small);
    assert.deepEqual(others, []);
    assert.match(warning, /the test set has 100 pairs \(under 300\): .*standard error sqrt\(p\(1−p\)\/n\) of ±5\.0 points near 0\.5 and ±4\.0 near 0\.8.*test_fraction: 0\.3 would hold at least 300 of these 1000 pairs/);
    const enough = runPlugin({ name: 'prepare-data', dir: join(dir, 'enough'), inputs: { source: EXAMPLE, test_fraction: 0.3 } });
    assert.equal(enough.outputs!.test_count, 300);
    assert.deepEqual(getWarnings(enough), []);
    const generated = runPlugin({ name: 'prepare-data', dir: join(dir, 'generated'), inputs: {} });
    assert.deepEqual([generated.outputs!.test_count, generated.outputs!.skipped_duplicates, getWarnings(generated).length], [400, 0, 0], 'the built-in task: 400 test pairs, no duplicates, no warning');
  });

  it('reads number and boolean answers as text with a file:line warning, and names lines that are not UTF-8', () => {
    const file = join(dir, 'odd.jsonl');
    const latin1 = Buffer.from('{"prompt":"caf\xe9?","chosen":"oui","rejected":"non"}\n', 'latin1');
    const rest = toLines([...makePairs(40), { prompt: 'is it?', chosen: true, rejected: false }, { prompt: 'how many?', chosen: 3, rejected: 'several' }]);
    writeFileSync(file, Buffer.concat([Buffer.from(toLines(makePairs(1, 1, 'x'))), latin1, Buffer.from(rest)]));
    const run = runPlugin({ name: 'prepare-data', dir: join(dir, 'odd'), inputs: { source: file, test_fraction: 0.2 } });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual([run.outputs!.format, run.outputs!.total_pairs, run.outputs!.converted_records, run.outputs!.non_utf8_lines], ['generic', 44, 2, 1]);
    const warnings = getWarnings(run).join('\n');
    assert.ok(warnings.includes(`answers of 2 records as text (true → "true"), first at ${file}:43, ${file}:44`), warnings);
    assert.ok(warnings.includes(`${file}: 1 lines are not valid UTF-8 (line 2)`), warnings);
    const all = ['labeled', 'test', 'dev'].flatMap((k) => readLines(run.outputs![k] as string));
    assert.ok(all.every((l) => !(l.chosen === true || l.rejected === false)), 'answers are written as strings');
    const nullAnswer = join(dir, 'null.jsonl');
    writeFileSync(nullAnswer, toLines([...makePairs(3), { prompt: 'p', chosen: null, rejected: 'x' }]));
    const failed = runPlugin({ name: 'prepare-data', dir: join(dir, 'null'), inputs: { source: nullAnswer } });
    assert.equal(failed.status, 2);
    assert.ok(failed.stderr.includes(`${nullAnswer}:4: expected "chosen" to be a string (or a number or boolean, read as its text), got null`), failed.stderr);
  });

  it('reads examples/preferences.jsonl, which equals what scripts/make-example-data.mjs generates', () => {
    const made = spawnSync(process.execPath, [join(ROOT, 'scripts/make-example-data.mjs'), '--stdout'], { encoding: 'utf8', maxBuffer: 16 << 20 });
    assert.equal(made.status, 0, made.stderr);
    assert.ok(made.stdout === readFileSync(EXAMPLE, 'utf8'), 'examples/preferences.jsonl drifted from its generator: run node scripts/make-example-data.mjs');
    assert.ok(readFileSync(EXAMPLE).length < 1 << 20, 'under 1 MB');
    const run = runPlugin({ name: 'prepare-data', dir: join(dir, 'example'), inputs: { source: EXAMPLE } });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual([run.outputs!.format, run.outputs!.total_pairs, run.outputs!.skipped], ['generic', 1000, 0]);
  });
});
