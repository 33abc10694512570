import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { makeTempDir, projectRoot, runStep, startStep, waitForEvent } from './python-step.js';

const fixture = (name: string) => join(projectRoot, 'test', 'steps', 'sdk-py', 'fixtures', name);
const protocolStep = ['python3', fixture('protocol-step.py')];
const eventsSchema = JSON.parse(readFileSync(join(projectRoot, 'schemas', 'events.schema.json'), 'utf8')) as object;

describe('Python step SDK (steps/sdk-py)', () => {
  it('emits progress, metric, log, artifact and result lines that match events.schema.json', async () => {
    const run = await runStep({ argv: protocolStep, inputs: { mode: 'events', n: 3 }, seed: 11 });
    assert.equal(run.exitCode, 0, run.stderr);
    const validate = new Ajv({ strict: false }).compile(eventsSchema);
    for (const event of run.events) assert.ok(validate(event), `${JSON.stringify(event)}: ${JSON.stringify(validate.errors)}`);
    assert.deepEqual(run.events.map((e) => e.type), ['progress', 'metric', 'log', 'log', 'artifact', 'result']);
    const [progress, metric] = run.events;
    assert.deepEqual([progress.current, progress.total, progress.message], [1, 2, 'half']);
    assert.deepEqual([metric.name, metric.value, metric.step], ['loss', 0.5, 3]);
    assert.match(String(run.events[2].message), /metric bad is nan/, 'a NaN metric becomes a warning, not an invalid line');
    const result = run.events.at(-1)!.outputs as Record<string, unknown>;
    assert.deepEqual(result.echo, { mode: 'events', n: 3 });
    assert.equal(result.seed, 11);
    assert.equal(typeof progress.t, 'number');
  });

  it('reports a StepInputError as one line (no traceback), an input error event and exit 2', async () => {
    const run = await runStep({ argv: protocolStep, inputs: { mode: 'input-error' } });
    assert.equal(run.exitCode, 2);
    assert.equal(run.stderr.trim(), 'input `x` is 3; expected a string');
    assert.deepEqual(run.events.map((e) => [e.type, e.level ?? e.kind, e.message]), [
      ['log', 'error', 'input `x` is 3; expected a string'],
      ['error', 'input', 'input `x` is 3; expected a string'],
    ]);
  });

  it('reports a crash with its traceback and exit 1', async () => {
    const run = await runStep({ argv: protocolStep, inputs: { mode: 'crash' } });
    assert.equal(run.exitCode, 1);
    assert.match(run.stderr, /Traceback[\s\S]*RuntimeError: boom/);
    assert.equal(run.events.at(-1)!.level, 'error');
  });

  it('turns SIGTERM into ctx.terminated plus the checkpoint callback, and exits 143', async () => {
    const step = startStep({ argv: protocolStep, inputs: { mode: 'sigterm' } });
    await waitForEvent(step.eventsFile, (e) => e.message === 'ready');
    step.child.kill('SIGTERM');
    const run = await step.finish();
    assert.equal(run.exitCode, 143, run.stderr);
    assert.equal(readFileSync(join(step.outputDir, 'checkpoint.txt'), 'utf8'), 'saved');
    assert.ok(run.events.some((e) => e.message === 'loop ended, terminated=True'));
  });

  it('refuses to run without a request, saying how to run it', async () => {
    const { execa } = await import('execa');
    const result = await execa('python3', [fixture('protocol-step.py')], { reject: false, env: { SER_FLOW_REQUEST: '' } });
    assert.equal(result.exitCode, 2);
    assert.match(result.stderr, /no step request: run this plugin through ser-flow/);
  });

  it('re-executes with SER_FLOW_PYTHON when this Python lacks a required module', async () => {
    const dir = makeTempDir('sdk-py-python');
    mkdirSync(join(dir, 'modules'));
    writeFileSync(join(dir, 'modules', 'serflow_fake_module.py'), 'VALUE = 42\n');
    const wrapper = join(dir, 'python-with-module');
    writeFileSync(wrapper, `#!/bin/sh\nPYTHONPATH='${join(dir, 'modules')}' exec python3 "$@"\n`);
    chmodSync(wrapper, 0o755);
    const run = await runStep({ argv: ['python3', fixture('requires-step.py')], inputs: {}, env: { SER_FLOW_PYTHON: wrapper } });
    assert.equal(run.exitCode, 0, run.stderr);
    assert.equal((run.events.at(-1)!.outputs as { value: number }).value, 42);
  });

  it('says which module is missing and how to fix it when no Python has it', async () => {
    const run = await runStep({ argv: ['python3', fixture('requires-step.py')], inputs: {} });
    assert.equal(run.exitCode, 2, "a StepInputError exits 2");
    assert.match(run.stderr, /needs the Python module\(s\) serflow_fake_module[\s\S]*set SER_FLOW_PYTHON/);
    assert.ok(!run.stderr.includes('Traceback'));
    assert.ok(!existsSync(join(run.outputDir, 'model')));
  });

  it('names a SER_FLOW_PYTHON that does not exist', async () => {
    const run = await runStep({ argv: ['python3', fixture('requires-step.py')], inputs: {}, env: { SER_FLOW_PYTHON: '/nonexistent/python3' } });
    assert.equal(run.exitCode, 2);
    assert.match(run.stderr.trim(), /^SER_FLOW_PYTHON is '\/nonexistent\/python3', which does not exist; point it at a Python with serflow_fake_module or unset it$/);
  });
});
