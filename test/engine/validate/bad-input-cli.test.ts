import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, PLUGIN_FIXTURES, runCli, STACK_LINE } from './cli-helper.js';

/** Hostile or clumsy input (issue 13): each ends as exit 2 with a file:line:col diagnostic and no stack trace. */
describe('validate: bad input never crashes (real CLI)', () => {
  let dir: string;
  const good = readFileSync(join(FIXTURES, 'v-good.yaml'), 'utf8').replace('plugins: [../../plugins-fixtures]', `plugins: [${PLUGIN_FIXTURES}]`);
  const grid = readFileSync(join(FIXTURES, 'v-grid.yaml'), 'utf8').replace('plugins: [../../plugins-fixtures]', `plugins: [${PLUGIN_FIXTURES}]`);
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return name;
  };
  const expectDiagnostic = (args: string[], pattern: RegExp, env: NodeJS.ProcessEnv = {}) => {
    const { status, stdout, stderr } = runCli(args, { cwd: dir, env });
    assert.equal(status, 2, `exit code; output:\n${stdout}${stderr}`);
    assert.doesNotMatch(stdout + stderr, STACK_LINE);
    assert.match(stdout, pattern);
    return stdout;
  };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ser-flow-bad-input-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('an unresolved YAML alias', () => {
    const file = write('alias.yaml', good.replace('message: ${{ params.greeting }}', 'message: *nope'));
    expectDiagnostic(['validate', file], /^alias\.yaml:14:16 error yaml-syntax: YAML alias \*nope has no anchor &nope before it/m);
  });

  it('an alias bomb', () => {
    const bomb = ['x0: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]', ...Array.from({ length: 6 }, (_, i) => `x${i + 1}: &${'abcdefg'[i + 1]} [${Array(9).fill(`*${'abcdefg'[i]}`).join(', ')}]`)];
    const file = write('bomb.yaml', `${bomb.join('\n')}\n${good}`);
    expectDiagnostic(['validate', file], /^bomb\.yaml:2:9 error yaml-syntax: YAML aliases expand to too much data/m);
  });

  it('grid values of the wrong type: a scalar for a value list, a number for include', () => {
    expectDiagnostic(['validate', write('scalar.yaml', grid.replace(/^(\s+)tau: \[.*\]$/m, '$1tau: x'))], /^scalar\.yaml:\d+:\d+ error schema: 'grid\.matrix\.tau': string "x" does not match the pattern .*$/m);
    expectDiagnostic(['validate', write('include.yaml', grid.replace(/include:\n.*$/m, 'include: 5'))], /^include\.yaml:\d+:\d+ error schema: 'grid\.matrix\.include' must be array; found number 5$/m);
  });

  it('a broken plugin.yaml on the search path: a warning for workflows that do not use it, an error for one that does', () => {
    mkdirSync(join(dir, 'plugins', 'v-broken'), { recursive: true });
    writeFileSync(join(dir, 'plugins', 'v-broken', 'plugin.yaml'), 'name: v-broken\nversion: 1.0.0\ninputs: *x\n');
    const env = { SER_FLOW_PLUGIN_PATH: join(dir, 'plugins') };
    const unused = runCli(['validate', write('unused.yaml', good)], { cwd: dir, env });
    assert.equal(unused.status, 0, unused.stdout + unused.stderr);
    assert.match(unused.stdout, /^plugins\/v-broken\/plugin\.yaml:3:9 warning plugin-manifest: plugin manifest: YAML alias \*x has no anchor/m);
    const listed = runCli(['plugins', 'list'], { cwd: dir, env });
    assert.equal(listed.status, 0, listed.stdout + listed.stderr);
    assert.match(listed.stdout, /^plugins\/v-broken\/plugin\.yaml:3:9 warning plugin-manifest: /m);
    const used = write('used.yaml', good.replace('step: v-echo', 'step: v-broken'));
    expectDiagnostic(['validate', used], /^plugins\/v-broken\/plugin\.yaml:3:9 error plugin-manifest: /m, env);
  });

  it('deeply nested or huge expressions are refused at once, with their position', () => {
    const deep = write('deep.yaml', good.replace('${{ params.greeting }}', `"\${{ ${'('.repeat(40)}1${')'.repeat(40)} }}"`));
    expectDiagnostic(['validate', deep], /^deep\.yaml:14:\d+ error expression-syntax: .*nested deeper than 32 brackets/m);
    const started = Date.now();
    const huge = write('huge.yaml', good.replace('${{ params.greeting }}', `"\${{ ${'('.repeat(5000)}1${')'.repeat(5000)} }}"`));
    expectDiagnostic(['validate', huge], /^huge\.yaml:14:\d+ error expression-syntax: .*expression too long \(10001 characters, max 4096\)/m);
    assert.ok(Date.now() - started < 10_000, 'no super-linear parse');
  });

  it('--set of a prototype name is an unknown param; an integer must be a safe integer', () => {
    const file = write('set.yaml', good);
    for (const name of ['__proto__', 'toString', 'constructor']) {
      expectDiagnostic(['validate', file, '--set', `${name}=1`], new RegExp(`error bad-param: --set ${name}=1: the workflow declares no param '${name}'`));
    }
    expectDiagnostic(['validate', file, '--set', 'rounds=1e300'], /error bad-param: --set rounds=1e300: 1e\+300 is too large for an integer \(at most 9007199254740991 in magnitude\)/);
  });

  it('control characters from the input are escaped, so a diagnostic stays one line', () => {
    const fromArgv = expectDiagnostic(['validate', write('ctl.yaml', good), '--set', 'rounds=1\r\u2028\u001b[2J'], /--set rounds=1\\r\\u2028\\u001b\[2J: expected an integer, got "1\\r\\u2028\\u001b\[2J"/);
    assert.doesNotMatch(fromArgv, /[\r\u2028\u001b]/);
    const fromFile = expectDiagnostic(['validate', write('ctl-grid.yaml', grid.replace(/^(\s+)rounds: \[1\]$/m, '$1"a\\0b\\rc": [1]'))], /error grid: grid: 'a\\u0000b\\rc' is not a declared param/);
    assert.doesNotMatch(fromFile, /[\r\u0000]/);
  });

  it('an unexpected error (a bug) prints its stack with a request to report it, exit 70', () => {
    // A preloaded module breaks a built-in the listing sorts with: a stand-in for a bug in ser-flow (no spaces: NODE_OPTIONS splits on them).
    const bug = `data:text/javascript,${encodeURIComponent("String.prototype.localeCompare = () => { throw new TypeError('simulated bug') }")}`;
    const { status, stderr } = runCli(['plugins', 'list'], { cwd: dir, env: { NODE_OPTIONS: `--import=${bug}` } });
    assert.equal(status, 70, stderr);
    assert.match(stderr, /^ser-flow: internal error — please report it/m);
    assert.match(stderr, /TypeError: simulated bug/);
    assert.match(stderr, STACK_LINE);
  });
});
