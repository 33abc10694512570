// Derives TypeScript types from schemas/*.schema.json into schemas/generated/ so no shape is written twice.
import { compileFromFile } from 'json-schema-to-typescript';
import { readdir, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const schemaDir = join(root, 'schemas');
const outDir = join(schemaDir, 'generated');
const check = process.argv.includes('--check');
let stale = [];
// schemas/*.schema.json and schemas/steps/*.schema.json (step I/O contracts shared by every implementation).
const files = (await readdir(schemaDir, { recursive: true }))
  .filter((f) => f.endsWith('.schema.json') && !f.startsWith('generated'))
  .sort();
for (const file of files) {
  const source = join(schemaDir, file);
  const ts = await compileFromFile(source, {
    cwd: dirname(source),
    bannerComment: `// Generated from schemas/${file} by scripts/gen-types.mjs. Do not edit.`,
    additionalProperties: false,
    style: { singleQuote: true },
  });
  const target = join(outDir, file.replace('.schema.json', '.ts'));
  await mkdir(dirname(target), { recursive: true });
  const old = await readFile(target, 'utf8').catch(() => '');
  if (old === ts) continue;
  if (check) stale.push(target);
  else await writeFile(target, ts);
}
if (stale.length) {
  console.error(`generated types are stale: ${stale.join(', ')}; run npm run gen:types`);
  process.exit(1);
}
