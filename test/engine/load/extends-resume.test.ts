import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { getProjectRoot } from '../../../engine/load/project-root.js';
import { getStepPid, isProcessGone, makeTempDir, readJson, readLines, runCli, startCli, waitFor } from '../cli/run-helpers.js';

const PLUGIN_FIXTURES = join(getProjectRoot(), 'test', 'plugins-fixtures');

describe('extends: the run folder freezes the merged workflow', function () {
  this.timeout(120_000);
  let cwd: string;
  beforeEach(() => {
    cwd = makeTempDir('ser-flow-extends-run-');
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  it('a run of a workflow that extends a base resumes after kill -9 with the base file deleted', async () => {
    // The base sits in another folder and names its plugins relative to itself.
    mkdirSync(join(cwd, 'lib'));
    const base = join(cwd, 'lib', 'base.yaml');
    writeFileSync(
      base,
      [
        'name: base',
        `plugins: [${relative(join(cwd, 'lib'), PLUGIN_FIXTURES)}]`,
        'params:',
        '  sleep_ms: { type: integer, default: 0 }',
        '  counter: { type: string, default: "" }',
        'start: a',
        'states:',
        '  a:',
        '    step: r-add',
        '    with: { value: 1, label: a, counter: "${{ params.counter }}" }',
        '    next: b',
        '  b:',
        '    step: r-add',
        '    with: { value: "${{ states.a.outputs.value }}", label: b, counter: "${{ params.counter }}", sleep_ms: "${{ params.sleep_ms }}" }',
        '    next: done',
        '',
      ].join('\n'),
    );
    const child = join(cwd, 'child.yaml');
    writeFileSync(child, ['extends: lib/base.yaml', 'name: child', 'states:', '  b:', '    with: { value: 10 }', ''].join('\n'));

    const counter = join(cwd, 'counter.txt');
    const runDir = join(cwd, 'runs', 'k9');
    const run = startCli(['run', child, '--run-id', 'k9', '--set', 'sleep_ms=2000', '--set', `counter=${counter}`], cwd);
    const pid = await waitFor('step b to start', () => getStepPid(runDir, 'b'));
    run.kill('SIGKILL');
    await run;

    const frozen = parse(readFileSync(join(runDir, 'workflow.yaml'), 'utf8')) as Record<string, unknown>;
    assert.ok(!('extends' in frozen), 'the frozen workflow is the merged document');
    assert.deepEqual(frozen.plugins, [relative(cwd, PLUGIN_FIXTURES)], 'plugin folders rebased to the top file');

    rmSync(base);
    const resumed = await runCli(['resume', runDir], cwd);
    assert.equal(resumed.code, 0, resumed.stderr + resumed.stdout);
    assert.ok(isProcessGone(pid));
    assert.deepEqual(readJson<{ outputs: unknown }>(join(runDir, 'run.json')).outputs, { a: { value: 2 }, b: { value: 11 } });
    assert.equal(readLines(counter).filter((label) => label === 'a').length, 1, 'a ran once');
  });

  it('validate prints clean and plan works for a workflow that extends another', async () => {
    writeFileSync(
      join(cwd, 'base.yaml'),
      ['name: base', `plugins: [${PLUGIN_FIXTURES}]`, 'start: a', 'states:', '  a:', '    step: r-add', '    with: { value: 1 }', '    next: b', '  b:', '    step: r-add', '    with: { value: 2 }', '    next: done', ''].join('\n'),
    );
    writeFileSync(join(cwd, 'child.yaml'), ['extends: base.yaml', 'name: child', 'states:', '  a:', '    with: { value: 5 }', ''].join('\n'));
    const validated = await runCli(['validate', 'child.yaml'], cwd);
    assert.equal(validated.code, 0, validated.stdout + validated.stderr);
    assert.equal(validated.stdout.trim(), 'ok: child, 2 states');
    const plan = await runCli(['plan', 'child.yaml'], cwd);
    assert.equal(plan.code, 0, plan.stdout + plan.stderr);
    assert.match(plan.stdout, /\ba\b[\s\S]*r-add/);
  });
});
