import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { Diagnostic } from './diagnostic.js';
import { getClosest } from './get-closest.js';
import { makeSourceLocate } from './locate.js';
import { mergeWorkflows } from './merge-workflows.js';
import { makeOriginMap, makeOriginRecorder, type OriginMap } from './origin-map.js';
import { createReporter } from './reporter.js';
import { describeValue } from './schema-diagnostics.js';
import { parseYamlSource, type YamlSource } from './yaml-source.js';
import { isMapping } from './is-mapping.js';

type Data = Record<string, unknown>;

/** One file of an `extends` chain, parsed. */
export interface WorkflowLayer {
  source: YamlSource;
  data: Data;
  /** The `extends:` value naming this file, as written in the file that extends it (absent for the top file). */
  name?: string;
}

/**
 * Follows `extends:` from the top file to the last base, reading each file relative to the one that names it.
 * A missing file, a cycle, or a base that is not a YAML mapping is an error at the `extends:` value that names it.
 * Layers come top file first; the chain stops at the first problem.
 */
export async function readExtendsChain(top: WorkflowLayer): Promise<{ layers: WorkflowLayer[]; diagnostics: Diagnostic[] }> {
  const layers = [top];
  const diagnostics: Diagnostic[] = [];
  const seen = [resolve(top.source.file)];
  const topDir = dirname(seen[0]);
  for (let layer = top; typeof layer.data.extends === 'string'; ) {
    const name = layer.data.extends;
    const { report, diagnostics: found } = createReporter(makeSourceLocate(layer.source));
    const file = resolve(dirname(resolve(layer.source.file)), name);
    const fail = (message: string) => {
      report('extends', message, ['extends']);
      diagnostics.push(...found);
      return { layers, diagnostics };
    };
    if (seen.includes(file)) {
      const chain = [...seen, file].map((f) => relative(topDir, f) || f);
      return fail(`extends cycle: ${chain.join(' → ')}; remove one of these extends`);
    }
    let text: string;
    try {
      // Only a regular file: a device such as /dev/zero would never finish reading.
      if (!(await stat(file)).isFile()) return fail(`extends: '${name}' is not a file (resolved against this file's folder: ${file})`);
      text = await readFile(file, 'utf8');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
      return fail(`extends: cannot read '${name}': ${reason} (resolved against this file's folder: ${file})`);
    }
    const source = parseYamlSource({ file, text });
    if (source.data === undefined) {
      const problem = source.diagnostics[0];
      const at = problem ? ` at line ${problem.line}, column ${problem.col}` : '';
      return fail(`extends: '${name}' is not valid YAML${at}: ${problem?.message ?? 'the file holds no document'}`);
    }
    if (source.data === null || typeof source.data !== 'object' || Array.isArray(source.data)) {
      return fail(`extends: '${name}' is not a workflow: it holds ${describeValue(source.data)}, not a mapping`);
    }
    // Duplicate keys leave a usable document; they are reported in the base itself.
    diagnostics.push(...source.diagnostics);
    layer = { source, data: source.data as Data, name };
    layers.push(layer);
    seen.push(file);
  }
  return { layers, diagnostics };
}

/**
 * Merges an `extends` chain (top file first) into one document, last base first, with the origin of every
 * node. A state a file adds must be whole (step, uses or parallel, and next); a partial one overrides nothing.
 * A base's `plugins:` folders are rewritten relative to the top file, where the merged document lives.
 */
export function mergeExtendsChain(layers: WorkflowLayer[]): { data: Data; origins: OriginMap; diagnostics: Diagnostic[] } {
  const topDir = dirname(resolve(layers[0].source.file));
  const diagnostics: Diagnostic[] = [];
  const bottom = layers[layers.length - 1];
  let data = rebasePlugins(bottom, topDir);
  const origins = makeOriginMap(bottom.source);
  for (let i = layers.length - 2; i >= 0; i--) {
    const child = layers[i];
    diagnostics.push(...checkAddedStates({ child, base: data, baseName: layers[i + 1].name ?? '' }));
    data = mergeWorkflows({ base: data, child: rebasePlugins(child, topDir), onTaken: makeOriginRecorder({ origins, child: makeOriginMap(child.source) }) });
  }
  delete data.extends;
  return { data, origins, diagnostics };
}

function checkAddedStates(options: { child: WorkflowLayer; base: Data; baseName: string }): Diagnostic[] {
  const { child, base, baseName } = options;
  const { report, diagnostics } = createReporter(makeSourceLocate(child.source));
  const states = isMapping(child.data.states) ? child.data.states : {};
  const baseStates = isMapping(base.states) ? Object.keys(base.states) : [];
  for (const [name, state] of Object.entries(states)) {
    if (baseStates.includes(name) || !isMapping(state)) continue;
    if (('step' in state || 'uses' in state || 'parallel' in state) && 'next' in state) continue;
    report(
      'extends',
      `state '${name}' overrides nothing: ${baseName} has no state '${name}'${getClosest(name, baseStates)}; a new state needs step (or uses or parallel) and next`,
      ['states', name],
      { key: true },
    );
  }
  return diagnostics;
}

function rebasePlugins(layer: WorkflowLayer, topDir: string): Data {
  const dir = dirname(resolve(layer.source.file));
  const { plugins } = layer.data;
  if (dir === topDir || !Array.isArray(plugins)) return layer.data;
  const rebased = plugins.map((entry) => (typeof entry === 'string' && !isAbsolute(entry) ? relative(topDir, resolve(dir, entry)) || '.' : entry));
  return { ...layer.data, plugins: rebased };
}
