import assert from 'node:assert/strict';
import { getCommandArgv } from '../../../engine/execute/resolve-command.js';
import type { LoadedPlugin } from '../../../engine/plugins/loaded-plugin.js';

const plugin = (command: [string, ...string[]]): LoadedPlugin => ({
  manifest: { name: 'p', version: '1.0.0', command, inputs: { type: 'object', properties: {} }, outputs: { type: 'object', properties: {} } },
  dir: '/plugins/p',
  manifestFile: '/plugins/p/plugin.yaml',
  inputSchema: {},
  outputSchema: {},
  hash: 'h',
});

describe('getCommandArgv', () => {
  it('runs a leading node as this Node.js and resolves ./ and ../ against the plugin folder', () => {
    assert.deepEqual(getCommandArgv(plugin(['node', './main.mjs', '--flag', '../shared/x']), '/r/request.json'), [
      process.execPath,
      '/plugins/p/main.mjs',
      '--flag',
      '/plugins/shared/x',
      '/r/request.json',
    ]);
  });

  it('adds the tsx loader for a TypeScript script', () => {
    const argv = getCommandArgv(plugin(['node', './main.ts']), '/r/request.json');
    assert.equal(argv[1], '--import');
    assert.match(argv[2], /^file:\/\/.*tsx.*esm/);
    assert.deepEqual(argv.slice(3), ['/plugins/p/main.ts', '/r/request.json']);
  });

  it('leaves other programs to the PATH', () => {
    assert.deepEqual(getCommandArgv(plugin(['python3', '-m', 'mod']), '/r/q.json'), ['python3', '-m', 'mod', '/r/q.json']);
  });
});
