import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { getProjectRoot } from '../../engine/load/project-root.js';

const ROOT = getProjectRoot();
const ENGINE = join(ROOT, 'engine');

/** The layers as docs/architecture.md lists them, top first: the fenced block after "## Layers". */
function readLayers(): string[][] {
  const doc = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8');
  const block = /## Layers[\s\S]*?```text\n([\s\S]*?)```/.exec(doc);
  assert.ok(block, 'docs/architecture.md has a "## Layers" section with a ```text block');
  return block[1]!.trim().split('\n').map((line) => line.replace(/#.*/, '').trim().split(/\s+/).filter(Boolean)).filter((l) => l.length);
}

function listSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listSources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** Every relative import from an engine folder to another engine folder or outside engine/ (schemas/ aside). */
function listFolderImports(): Array<[string, string, string]> {
  const edges: Array<[string, string, string]> = [];
  for (const file of listSources(ENGINE)) {
    const from = relative(ENGINE, file).split('/')[0]!;
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)) {
      const target = relative(ENGINE, normalize(join(dirname(file), m[1]!)));
      if (target.startsWith('../schemas/')) continue; // schemas/ is below every layer
      if (target.startsWith('..')) {
        edges.push([from, `outside engine/: ${target}`, relative(ROOT, file)]);
        continue;
      }
      const to = target.split('/')[0]!;
      if (to !== from) edges.push([from, to, relative(ROOT, file)]);
    }
  }
  return edges;
}

describe('engine layers (docs/architecture.md)', () => {
  const layers = readLayers();
  const level = new Map(layers.flatMap((names, i) => names.map((name) => [name, layers.length - i] as const)));

  it('lists every engine folder once', () => {
    const folders = readdirSync(ENGINE, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    assert.deepEqual([...level.keys()].sort(), folders);
  });

  it('imports only run downward (never sideways, up, or into steps/)', () => {
    const upward = listFolderImports()
      .filter(([from, to]) => !(level.get(to)! < level.get(from)!))
      .map(([from, to, file]) => `${file}: ${from} (layer ${level.get(from)}) imports ${to} (layer ${level.get(to) ?? '?'})`);
    assert.deepEqual(upward, []);
  });
});
