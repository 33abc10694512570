import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPlugin } from '../../../engine/plugins/load-plugin.js';
import { ROOT } from '../validate/cli-helper.js';

const IO = 'inputs: { type: object, properties: {} }\noutputs: { type: object, properties: {} }\n';

describe('plugins: command paths stay inside the plugin or its package', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ser-flow-command-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function writeManifest(folder: string, command: string): string {
    mkdirSync(folder, { recursive: true });
    const file = join(folder, 'plugin.yaml');
    writeFileSync(file, `name: p\nversion: 1.0.0\ncommand: ${command}\n${IO}`);
    return file;
  }

  it('refuses a relative path that escapes, at the element (file:line:col)', async () => {
    const file = writeManifest(join(dir, 'plugins', 'p'), '[sh, ../../outside.sh]');
    const { plugin, diagnostics } = await loadPlugin(file);
    assert.equal(plugin, undefined);
    assert.equal(diagnostics.length, 1);
    const [d] = diagnostics;
    assert.equal(d!.file, file);
    assert.deepEqual([d!.line, d!.col, d!.path], [3, 15, ['command', 1]]);
    assert.match(d!.message, /command: "\.\.\/\.\.\/outside\.sh" points outside the plugin folder: .*\/outside\.sh; keep the files/);
  });

  it('refuses an absolute path outside the plugin', async () => {
    const { diagnostics } = await loadPlugin(writeManifest(join(dir, 'p'), '[/bin/sh, ./run.sh]'));
    assert.deepEqual(diagnostics.map((d) => [d.code, d.path]), [['plugin-manifest', ['command', 0]]]);
  });

  it('accepts programs on PATH, interpreters with files inside the folder, and paths inside the shipping package', async () => {
    for (const command of ['[node, ./main.mjs]', '[python3, -m, mod]', '[./bin/run, --flag]', '[node, ./lib/../main.mjs]']) {
      const { plugin, diagnostics } = await loadPlugin(writeManifest(join(dir, 'p'), command));
      assert.deepEqual(diagnostics, [], command);
      assert.ok(plugin, command);
    }
    writeFileSync(join(dir, 'package.json'), '{"name": "my-plugins"}');
    const { diagnostics } = await loadPlugin(writeManifest(join(dir, 'plugins', 'q'), '[node, ../../dist/q/main.js]'));
    assert.deepEqual(diagnostics, []);
  });

  it('accepts every built-in plugin (they run their compiled code from the package dist/)', async () => {
    const builtins = join(ROOT, 'steps', 'plugins');
    for (const name of readdirSync(builtins)) {
      const { diagnostics } = await loadPlugin(join(builtins, name, 'plugin.yaml'));
      assert.deepEqual(diagnostics, [], name);
    }
  });
});
