import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWorkflow } from '../../../engine/validate/load-workflow.js';
import { PLUGIN_FIXTURES } from './cli-helper.js';

describe('validate: schema errors point at the offending node', () => {
  it('one message per node: oneOf noise dropped, unknown and reserved keys at the key, missing keys at the parent key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ser-flow-schema-'));
    try {
      const file = join(dir, 'w.yaml');
      writeFileSync(
        file,
        [
          'name: s', // 1
          `plugins: [${PLUGIN_FIXTURES}]`, // 2
          'start: a', // 3
          'states:', // 4
          '  a:', // 5
          '    step: v-echo', // 6
          '    with: { message: hi }', // 7
          '    next: 5', // 8
          '  b:', // 9
          '    step: v-echo', // 10
          '    with: { message: hi }', // 11
          '    next:', // 12
          '      - { nxt: a }', // 13
          '  done:', // 14
          '    step: v-echo', // 15
          '    next: failed', // 16
          '',
        ].join('\n'),
      );
      const { loaded, diagnostics } = await loadWorkflow(file);
      assert.equal(loaded, undefined);
      const schema = diagnostics.filter((d) => d.code === 'schema').map((d) => `${d.line}:${d.col} ${d.message}`);
      assert.deepEqual(schema, [
        "8:11 'states.a.next' must be string or array; found number 5",
        "13:9 'states.b.next.0': missing required key 'next'",
        "13:11 'states.b.next.0.nxt': unknown key 'nxt' (did you mean 'next'?) (allowed: if, next); remove it or fix its spelling",
        "14:3 'states.done': 'done' is a reserved name; rename it",
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
