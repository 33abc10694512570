// Writes examples/preferences.jsonl: 1,000 pairs of the project's own generated task (docs/default-dataset.md)
// in the generic format, so the example's license is the project's. Run after `npx tsc -p .`;
// `--stdout` prints it instead (a test compares that with the committed file).
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDataset } from '../dist/steps/lib/data/generate-dataset.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { pairs } = generateDataset({ pairs: 1000, seed: 1 });
const text = pairs.map(({ prompt, chosen, rejected }) => JSON.stringify({ prompt, chosen, rejected }) + '\n').join('');
if (process.argv.includes('--stdout')) process.stdout.write(text);
else writeFileSync(join(root, 'examples', 'preferences.jsonl'), text);
