import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PLUGIN_FIXTURES, runCli } from '../validate/cli-helper.js';

describe('plugins list', () => {
  it('lists name, version, implementation, folder and description for each plugin on the path', () => {
    const { status, stdout } = runCli(['plugins', 'list', '--plugin-path', PLUGIN_FIXTURES]);
    assert.equal(status, 0, stdout);
    const lines = stdout.split('\n');
    assert.match(lines[0], /^NAME +VERSION +IMPLEMENTATION +FOLDER +DESCRIPTION$/);
    assert.ok(lines.some((l) => /^v-multi +0\.1\.0 +tfjs +test\/plugins-fixtures\/v-multi-tfjs +Test plugin with two implementations \(tfjs\)\.$/.test(l)), stdout);
    assert.ok(lines.some((l) => /^v-multi +0\.1\.0 +torch +test\/plugins-fixtures\/v-multi-torch /.test(l)), stdout);
    assert.ok(lines.some((l) => /^v-echo +1\.0\.0 +- +test\/plugins-fixtures\/v-echo /.test(l)), stdout);
  });

  it('lists broken manifests as file:line:col warnings and still exits 0', () => {
    const { status, stdout } = runCli(['plugins', 'list', '--plugin-path', join(PLUGIN_FIXTURES, 'v-broken-set')]);
    assert.equal(status, 0);
    assert.match(stdout, /test\/plugins-fixtures\/v-broken-set\/bad-manifest\/plugin\.yaml:2:10 warning plugin-manifest: /);
    assert.match(stdout, /test\/plugins-fixtures\/v-broken-set\/bad-ref\/plugin\.yaml:4:17 warning plugin-manifest: /);
  });
});
