import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPlugins, getBuiltinPluginDir, getPluginSearchPath } from '../../../engine/plugins/find-plugins.js';
import { loadPlugin } from '../../../engine/plugins/load-plugin.js';
import { selectPlugin } from '../../../engine/plugins/select-plugin.js';
import { PLUGIN_FIXTURES, ROOT } from '../validate/cli-helper.js';

describe('plugins: findPlugins', () => {
  it('finds every plugin folder, keeping implementations of one name in search order', async () => {
    const { plugins, diagnostics } = await findPlugins([PLUGIN_FIXTURES]);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(
      plugins.get('v-multi')?.map((p) => p.manifest.implementation),
      ['tfjs', 'torch'],
    );
    const echo = plugins.get('v-echo')?.[0];
    assert.equal(echo?.dir, join(PLUGIN_FIXTURES, 'v-echo'));
    assert.equal(echo?.manifestFile, join(PLUGIN_FIXTURES, 'v-echo', 'plugin.yaml'));
    assert.match(echo?.hash ?? '', /^[0-9a-f]{64}$/);
  });

  it('accepts a folder that is itself a plugin, and skips missing folders', async () => {
    const { plugins } = await findPlugins([join(PLUGIN_FIXTURES, 'v-judge'), join(ROOT, 'no-such-folder')]);
    assert.deepEqual([...plugins.keys()].filter((name) => name.startsWith('v-')), ['v-judge']);
  });

  it('inlines $ref schemas relative to the manifest (with #fragment), dropping $id/$schema', async () => {
    const { plugin } = await loadPlugin(join(PLUGIN_FIXTURES, 'v-judge', 'plugin.yaml'));
    assert.ok(plugin);
    assert.deepEqual(Object.keys(plugin.inputSchema.properties as object), ['score', 'threshold']);
    assert.equal(plugin.inputSchema.$id, undefined);
    assert.deepEqual(plugin.outputSchema, { type: 'object', properties: { converged: { type: 'boolean' }, score: { type: 'number' } } });
  });

  it('hashes the manifest together with its resolved schemas', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ser-flow-plugin-'));
    try {
      cpSync(join(PLUGIN_FIXTURES, 'v-judge'), join(dir, 'v-judge'), { recursive: true });
      const manifest = join(dir, 'v-judge', 'plugin.yaml');
      const before = (await loadPlugin(manifest)).plugin?.hash;
      const schemaFile = join(dir, 'v-judge', 'schemas', 'outputs.json');
      writeFileSync(schemaFile, readFileSync(schemaFile, 'utf8').replace('"boolean"', '"string"'));
      const after = (await loadPlugin(manifest)).plugin?.hash;
      assert.ok(before && after);
      assert.notEqual(before, after, 'a change in a $ref schema file must change the hash');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports manifest problems with file:line:col', async () => {
    const badVersion = await loadPlugin(join(PLUGIN_FIXTURES, 'v-broken-set', 'bad-manifest', 'plugin.yaml'));
    assert.equal(badVersion.plugin, undefined);
    assert.deepEqual(
      badVersion.diagnostics.map((d) => [d.code, d.line, d.col]),
      [['plugin-manifest', 2, 10]],
    );
    assert.match(badVersion.diagnostics[0].message, /"one" does not match the pattern/);
    const badRef = await loadPlugin(join(PLUGIN_FIXTURES, 'v-broken-set', 'bad-ref', 'plugin.yaml'));
    assert.deepEqual(
      badRef.diagnostics.map((d) => [d.code, d.line, d.col]),
      [['plugin-manifest', 4, 17]],
    );
    assert.match(badRef.diagnostics[0].message, /missing\.json does not exist/);
  });

  it('searches workflow entries, extra folders, SER_FLOW_PLUGIN_PATH, then the built-in steps/', () => {
    const path = getPluginSearchPath({ baseDir: '/w', workflowPlugins: ['p'], extra: ['/x'], env: { SER_FLOW_PLUGIN_PATH: '/e1:/e2' } });
    assert.deepEqual(path, ['/w/p', '/x', '/e1', '/e2', getBuiltinPluginDir()]);
    assert.equal(getBuiltinPluginDir(), join(ROOT, 'steps', 'plugins'));
  });
});

describe('plugins: selectPlugin', () => {
  it('prefers tfjs, honours an explicit implementation, and lists the choices otherwise', async () => {
    const { plugins } = await findPlugins([PLUGIN_FIXTURES]);
    const multi = plugins.get('v-multi')!;
    const torchFirst = [...multi].reverse();
    const pick = (implementation?: string, fromDefaults = false, candidates = torchFirst) => selectPlugin({ name: 'v-multi', candidates, implementation, fromDefaults });
    const preferred = pick();
    assert.ok('plugin' in preferred && preferred.plugin.manifest.implementation === 'tfjs');
    const torch = pick('torch');
    assert.ok('plugin' in torch && torch.plugin.manifest.implementation === 'torch');
    const jax = pick('jax');
    assert.ok('error' in jax);
    assert.match(jax.error, /no implementation 'jax'; available: torch in .*v-multi-torch, tfjs in .*v-multi-tfjs/);
    const onlyTorch = pick(undefined, false, [multi[1], { ...multi[1], manifest: { ...multi[1].manifest, implementation: 'jax' } }]);
    assert.ok('error' in onlyTorch);
    assert.match(onlyTorch.error, /several implementations .* choose one with 'implementation:'/);
    const echo = plugins.get('v-echo')!;
    const fromDefaults = selectPlugin({ name: 'v-echo', candidates: echo, implementation: 'torch', fromDefaults: true });
    assert.ok('plugin' in fromDefaults, 'a defaults implementation does not bind a single-implementation plugin');
  });
});
