import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCli, STACK_LINE } from './cli-helper.js';

describe('plan: dry run', () => {
  const file = join('test', 'fixtures', 'workflows', 'v-good.yaml');

  it('shows params, plugins, argv, resolvable inputs and transitions, and runs nothing', () => {
    const { status, stdout } = runCli(['plan', file, '--set', 'rounds=4', '--set', 'impl=tfjs']);
    assert.equal(status, 0, stdout);
    assert.match(stdout, /^ {2}rounds = 4 {2}\(integer, --set\)$/m);
    assert.match(stdout, /^ {2}greeting = "hello" {2}\(string, default\)$/m);
    assert.match(stdout, /^state seed: v-echo 1\.0\.0 {2}\[.*test\/plugins-fixtures\/v-echo\]$/m);
    assert.ok(stdout.includes(`  argv: ${process.execPath} `), stdout);
    assert.match(stdout, /test\/plugins-fixtures\/v-echo\/main\.mjs <run>\/steps\/<state>\/<visit>\/attempt-<n>\/request\.json$/m);
    assert.match(stdout, /^ {4}message: "hello"$/m);
    assert.match(stdout, /^ {4}score: "\$\{\{ states\.seed\.outputs\.n \/ 10 \}\}" {2}\(resolved at run time\)$/m);
    assert.match(stdout, /^ {2}next: if \$\{\{ outputs\.converged && loop\.index < params\.rounds \}\} → pick$/m);
    assert.match(stdout, /^ {2}max_visits: 5, then → done$/m);
    assert.match(stdout, /^state pick: v-multi 0\.1\.0 \(tfjs\)/m);
  });

  it('lists the expanded grid trials', () => {
    const { status, stdout } = runCli(['plan', join('test', 'fixtures', 'workflows', 'v-grid.yaml')]);
    assert.equal(status, 0, stdout);
    assert.match(stdout, /^grid: 3 trials, at most 2 at a time$/m);
    assert.match(stdout, /^ {2}#1 tau=0\.6 rounds=1$/m);
    assert.match(stdout, /^ {2}#2 tau=0\.8 rounds=1$/m);
    assert.match(stdout, /^ {2}#3 tau=0\.9 rounds=2$/m);
  });

  it('prints diagnostics and exits 2 for an invalid workflow', () => {
    const { status, stdout, stderr } = runCli(['plan', join('test', 'fixtures', 'workflows', 'v-bad-unknown-target.yaml')]);
    assert.equal(status, 2);
    assert.match(stdout, /v-bad-unknown-target\.yaml:8:11 error unknown-target/);
    assert.doesNotMatch(stdout + stderr, STACK_LINE);
  });
});
