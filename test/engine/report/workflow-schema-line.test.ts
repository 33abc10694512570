// Editors (VS Code + the YAML extension, anything using yaml-language-server) find the workflow schema
// through the first-line modeline; every shipped workflow must carry it and pass that schema as-is.
import assert from 'node:assert/strict';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
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

  it('every shipped workflow is valid against the schema alone, as an editor checks it', () => {
    // strict: false lets ajv skip `tsType`, a hint for the type generator that editors ignore too.
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    const problems = files.flatMap((file) =>
      validate(parse(readFileSync(join(WORKFLOWS, file), 'utf8'))) ? [] : [`${file}: ${ajv.errorsText(validate.errors)}`],
    );
    assert.deepEqual(problems, []);
  });

  it('the schema describes the report section an editor completes', () => {
    const properties = schema.properties as Record<string, unknown>;
    assert.deepEqual(properties.report, { $ref: '#/definitions/report' });
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#', 'yaml-language-server supports draft-07');
  });
});
