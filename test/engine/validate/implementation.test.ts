import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWorkflow } from '../../../engine/validate/load-workflow.js';
import { PLUGIN_FIXTURES } from './cli-helper.js';

describe('validate: choosing a plugin implementation', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ser-flow-impl-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const load = async (body: string[], set: Record<string, string> = {}) => {
    const file = join(dir, 'w.yaml');
    writeFileSync(file, ['name: impl', `plugins: [${PLUGIN_FIXTURES}]`, ...body, ''].join('\n'));
    return loadWorkflow(file, { set });
  };
  const state = ['start: a', 'states:', '  a:', '    step: v-multi', '    next: done'];

  it('uses tfjs when a name has several implementations and none is chosen', async () => {
    const { loaded } = await load(state);
    assert.equal(loaded?.plugins.get('a')?.manifest.implementation, 'tfjs');
  });

  it('takes defaults.implementation, resolving ${{ params.* }} before the run', async () => {
    const body = ['params:', '  impl: { type: string, default: torch }', 'defaults:', '  implementation: ${{ params.impl }}', ...state];
    assert.equal((await load(body)).loaded?.plugins.get('a')?.manifest.implementation, 'torch');
    assert.equal((await load(body, { impl: 'tfjs' })).loaded?.plugins.get('a')?.manifest.implementation, 'tfjs');
    const unknown = await load(body, { impl: 'jax' });
    assert.deepEqual(
      unknown.diagnostics.map((d) => [d.code, d.line, d.col]),
      [['unknown-plugin', 6, 19]],
    );
    assert.match(unknown.diagnostics[0].message, /no implementation 'jax'; available: tfjs in .*, torch in /);
  });

  it('reports an implementation expression that reads run-time names or yields no name', async () => {
    const runTime = await load(['defaults:', '  implementation: ${{ states.a.outputs.x }}', ...state]);
    assert.deepEqual(
      runTime.diagnostics.map((d) => [d.code, d.line, d.col]),
      [['unknown-reference', 4, 23]],
    );
    assert.match(runTime.diagnostics[0].message, /implementation: can use params/);
    const numeric = await load(['params:', '  n: { type: integer, default: 3 }', 'defaults:', '  implementation: ${{ params.n }}', ...state]);
    assert.equal(numeric.loaded, undefined);
    assert.match(numeric.diagnostics[0].message, /resolved to 3; it must name an implementation/);
  });
});
