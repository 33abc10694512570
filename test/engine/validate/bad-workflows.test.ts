import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadWorkflow } from '../../../engine/validate/load-workflow.js';
import type { DiagnosticCode } from '../../../engine/load/diagnostic.js';
import { FIXTURES, runCli, STACK_LINE } from './cli-helper.js';

interface Expected {
  code: DiagnosticCode;
  line: number;
  col: number;
}

/** Each bad fixture and the exact problems validate must report (file:line:col + code). */
const CLI_CASES: [string, Expected[]][] = [
  ['v-bad-yaml-syntax.yaml', [{ code: 'yaml-syntax', line: 8, col: 1 }]],
  ['v-bad-duplicate-key.yaml', [{ code: 'duplicate-key', line: 9, col: 5 }]],
  ['v-bad-unknown-top-key.yaml', [{ code: 'schema', line: 4, col: 1 }]],
  ['v-bad-wrong-type.yaml', [{ code: 'schema', line: 8, col: 17 }]],
  ['v-bad-unknown-target.yaml', [{ code: 'unknown-target', line: 8, col: 11 }]],
  ['v-bad-on-error.yaml', [{ code: 'unknown-target', line: 8, col: 15 }]],
  ['v-bad-unreachable.yaml', [{ code: 'unreachable-state', line: 9, col: 3 }]],
  ['v-bad-unknown-plugin.yaml', [{ code: 'unknown-plugin', line: 6, col: 11 }]],
  ['v-bad-implementation.yaml', [{ code: 'unknown-plugin', line: 7, col: 21 }]],
  ['v-bad-with-key.yaml', [{ code: 'plugin-input', line: 9, col: 7 }]],
  ['v-bad-missing-input.yaml', [{ code: 'plugin-input', line: 7, col: 5 }]],
  ['v-bad-literal-type.yaml', [{ code: 'plugin-input', line: 9, col: 14 }]],
  [
    'v-bad-unknown-output.yaml',
    [
      { code: 'unknown-output', line: 12, col: 20 },
      { code: 'unknown-output', line: 14, col: 17 },
    ],
  ],
  ['v-bad-unknown-param.yaml', [{ code: 'unknown-reference', line: 10, col: 28 }]],
  ['v-bad-expression-syntax.yaml', [{ code: 'expression-syntax', line: 8, col: 43 }]],
  ['v-bad-prototype.yaml', [{ code: 'expression-syntax', line: 8, col: 27 }]],
  ['v-bad-unbounded-loop.yaml', [{ code: 'unbounded-loop', line: 5, col: 3 }]],
  ['v-bad-missing-default.yaml', [{ code: 'missing-default', line: 11, col: 9 }]],
  [
    'v-bad-grid.yaml',
    [
      { code: 'grid', line: 13, col: 16 },
      { code: 'grid', line: 14, col: 5 },
      { code: 'grid', line: 16, col: 21 },
    ],
  ],
];

describe('validate: bad workflows (real CLI)', () => {
  for (const [fixture, expected] of CLI_CASES) {
    it(`${fixture} → ${expected.map((e) => `${e.line}:${e.col} ${e.code}`).join(', ')}`, () => {
      const relativeFile = join('test', 'fixtures', 'workflows', fixture);
      const { status, stdout, stderr } = runCli(['validate', relativeFile]);
      assert.equal(status, 2, `exit code; output:\n${stdout}${stderr}`);
      const reported = stdout.split('\n').filter((line) => line.startsWith(relativeFile) && line.includes(' error '));
      const found = reported.map((line) => {
        const match = /:(\d+):(\d+) error ([a-z-]+): /.exec(line);
        assert.ok(match, `unparsable diagnostic line: ${line}`);
        return { code: match[3], line: Number(match[1]), col: Number(match[2]) };
      });
      // Exactly the expected problems (a YAML syntax error may produce a follow-up error at the same spot).
      const unique = found.filter((d, i) => found.findIndex((o) => o.code === d.code && o.line === d.line && o.col === d.col) === i);
      assert.deepEqual(unique, expected, stdout);
      assert.doesNotMatch(stdout + stderr, STACK_LINE);
    });
  }

  it('prints ok with the state count for a good workflow (exit 0)', () => {
    const { status, stdout } = runCli(['validate', join('test', 'fixtures', 'workflows', 'v-good.yaml')]);
    assert.equal(status, 0, stdout);
    assert.match(stdout, /^ok: v-good, 4 states$/m);
  });

  it('reports a missing file as invalid input, not a crash', () => {
    const { status, stdout, stderr } = runCli(['validate', 'no/such/workflow.yaml']);
    assert.equal(status, 2);
    assert.match(stdout, /no\/such\/workflow\.yaml:1:1 error yaml-syntax: cannot read the workflow: file not found/);
    assert.doesNotMatch(stdout + stderr, STACK_LINE);
  });
});

describe('validate: --set overrides (in process)', () => {
  const good = join(FIXTURES, 'v-good.yaml');

  it('coerces --set values to the param type', async () => {
    const { loaded, diagnostics } = await loadWorkflow(good, { set: { rounds: '7', threshold: '0.25', greeting: '42' } });
    assert.deepEqual(diagnostics, []);
    assert.equal(loaded?.params.rounds, 7);
    assert.equal(loaded?.params.threshold, 0.25);
    assert.equal(loaded?.params.greeting, '42');
  });

  it('rejects a value of the wrong type, out of range or outside the enum, at the param declaration', async () => {
    const { loaded, diagnostics } = await loadWorkflow(good, { set: { rounds: '2.5', threshold: 'high', impl: 'jax' } });
    assert.equal(loaded, undefined);
    const got = diagnostics.map((d) => `${d.line}:${d.col} ${d.code} ${d.message}`);
    assert.deepEqual(got, [
      '6:3 bad-param --set rounds=2.5: expected an integer, got 2.5',
      '7:3 bad-param --set threshold=high: expected a number, got "high"',
      '8:3 bad-param --set impl=jax: "jax" is not one of "tfjs", "torch"',
    ]);
  });

  it('rejects --set of an undeclared param', async () => {
    const { diagnostics } = await loadWorkflow(good, { set: { round: '3' } });
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].code, 'bad-param');
    assert.equal(diagnostics[0].line, 4);
    assert.match(diagnostics[0].message, /declares no param 'round' \(declared: greeting, rounds, threshold, impl\)/);
  });

  it('rejects a bad --set through the CLI with exit 2', () => {
    const { status, stdout } = runCli(['validate', join('test', 'fixtures', 'workflows', 'v-good.yaml'), '--set', 'rounds=0']);
    assert.equal(status, 2);
    assert.match(stdout, /v-good\.yaml:6:3 error bad-param: --set rounds=0: 0 is below the minimum 1/);
  });
});

describe('validate: a good workflow loads', () => {
  it('resolves params, and the plugin (implementation chosen) per state', async () => {
    const { loaded, diagnostics } = await loadWorkflow(join(FIXTURES, 'v-good.yaml'));
    assert.deepEqual(diagnostics, []);
    assert.ok(loaded);
    assert.deepEqual(loaded.params, { greeting: 'hello', rounds: 3, threshold: 0.5, impl: 'torch' });
    assert.deepEqual(
      [...loaded.plugins].map(([state, p]) => `${state}=${p.manifest.name}/${p.manifest.implementation ?? ''}`),
      ['seed=v-echo/', 'judge=v-judge/', 'again=v-echo/', 'pick=v-multi/torch'],
    );
    const tfjs = await loadWorkflow(join(FIXTURES, 'v-good.yaml'), { set: { impl: 'tfjs' } });
    assert.equal(tfjs.loaded?.plugins.get('pick')?.manifest.implementation, 'tfjs');
  });

  it('reports every problem of a document at once, sorted by position', async () => {
    const { diagnostics } = await loadWorkflow(join(FIXTURES, 'v-bad-unknown-output.yaml'));
    assert.deepEqual(
      diagnostics.map((d) => d.line),
      [12, 14],
    );
  });
});

describe('validate: params set by a grid', () => {
  it('need no default, while other params still do', async () => {
    const { diagnostics } = await loadWorkflow(join(FIXTURES, 'v-grid-no-default.yaml'));
    assert.deepEqual(
      diagnostics.map((d) => `${d.line}:${d.col} ${d.code} ${d.message}`),
      ["5:3 bad-param param 'label' has no default; give it a value with --set label=<string> or add default:"],
    );
    const { loaded } = await loadWorkflow(join(FIXTURES, 'v-grid-no-default.yaml'), { set: { label: 'x' } });
    assert.deepEqual(loaded?.params, { label: 'x' });
  });
});
