// Editors (VS Code + the YAML extension, anything using yaml-language-server) find the workflow schema
// through the first-line modeline; every shipped workflow must carry it and pass that schema as-is.
import assert from 'node:assert/strict';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { getWorkflowExamples } from '../../workflows/workflow-examples.js';
import { PROJECT_ROOT } from './run-cli.js';

const WORKFLOWS = join(PROJECT_ROOT, 'workflows');
const MODELINE = /^# yaml-language-server: \$schema=(\S+)$/;

describe('workflow schema for editors', () => {
  const files = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f)).sort();
  const schema = JSON.parse(readFileSync(join(PROJECT_ROOT, 'schemas', 'workflow.schema.json'), 'utf8')) as Record<string, unknown>;

  it('ships workflows', () => assert.ok(files.length > 0, `no workflows in ${WORKFLOWS}`));

  it('every shipped workflow starts with the yaml-language-server $schema line pointing at schemas/workflow.schema.json', () => {
    const wrong: string[] = [];
    for (const file of files) {
      const first = readFileSync(join(WORKFLOWS, file), 'utf8').split('\n')[0];
      const match = MODELINE.exec(first);
      const target = match ? resolve(dirname(join(WORKFLOWS, file)), match[1]) : undefined;
      if (target !== join(PROJECT_ROOT, 'schemas', 'workflow.schema.json') || !existsSync(target)) {
        wrong.push(`workflows/${file}:1: expected "# yaml-language-server: $schema=../schemas/workflow.schema.json", found "${first}"`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  // strict: false lets ajv skip `tsType`, a hint for the type generator that editors ignore too.
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const validate = ajv.compile(schema);
  /** The errors an editor underlines in a workflow's text, as "path message" lines ([] when none). */
  const getEditorErrors = (text: string): string[] => (validate(parse(text)) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));

  it('every shipped workflow is valid against the schema alone, as an editor checks it (a file with extends may be partial)', () => {
    const problems = files.flatMap((file) => getEditorErrors(readFileSync(join(WORKFLOWS, file), 'utf8')).map((e) => `${file}: ${e}`));
    assert.deepEqual(problems, []);
  });

  it('every whole-workflow example in docs/workflow-language.md is valid against the schema alone', () => {
    const examples = getWorkflowExamples(readFileSync(join(PROJECT_ROOT, 'docs', 'workflow-language.md'), 'utf8'));
    assert.ok(examples.some((text) => /^extends:/m.test(text)), 'an example uses extends');
    const problems = examples.flatMap((text) => getEditorErrors(text).map((e) => `${text.split('\n')[0]}: ${e}`));
    assert.deepEqual(problems, []);
  });

  it('with extends, start and states may be left out and a state or param may override a few keys; unknown keys stay errors', () => {
    assert.deepEqual(getEditorErrors('name: a\nextends: b.yaml\nparams: { seed: { default: 2 } }\nstates:\n  train: { for_each: [0] }\n'), []);
    assert.deepEqual(getEditorErrors('name: a\nextends: b.yaml\nstates:\n  train: { nxt: done }\n'), ['/states/train must NOT have additional properties']);
  });

  it('without extends, a missing start or states, a state without next or step/uses/parallel, and a param without type are errors', () => {
    assert.deepEqual(getEditorErrors('name: a\nstates:\n  train: { step: train-rm, next: done }\n'), [" must have required property 'start'", ' must match "else" schema']);
    assert.deepEqual(getEditorErrors('name: a\nstart: train\n'), [" must have required property 'states'", ' must match "else" schema']);
    assert.deepEqual(getEditorErrors('name: a\nstart: train\nparams: { seed: { default: 2 } }\nstates:\n  train: { step: train-rm }\n  other: { next: done }\n'), [
      "/params/seed must have required property 'type'",
      "/states/train must have required property 'next'",
      "/states/other must have required property 'step'",
      "/states/other must have required property 'uses'",
      "/states/other must have required property 'parallel'",
      '/states/other must match a schema in anyOf',
      ' must match "else" schema',
    ]);
  });

  it('a branch state is whole even in a file with extends', () => {
    const text = 'name: a\nextends: b.yaml\nstates:\n  p:\n    parallel:\n      b1: { start: s, states: { s: { step: train-rm } } }\n';
    assert.deepEqual(getEditorErrors(text), ["/states/p/parallel/b1/states/s must have required property 'next'"]);
  });

  it('the schema describes the report section an editor completes', () => {
    const properties = schema.properties as Record<string, unknown>;
    assert.deepEqual(properties.report, { $ref: '#/definitions/report' });
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#', 'yaml-language-server supports draft-07');
  });
});
