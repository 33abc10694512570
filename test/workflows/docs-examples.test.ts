import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadWorkflow } from '../../engine/validate/load-workflow.js';
import { formatDiagnostic } from '../../engine/load/diagnostic.js';
import { ROOT } from '../steps/lib/ser/run-plugin.js';
import { getWorkflowExamples } from './workflow-examples.js';

describe('every shipped workflow and every whole-workflow example in docs/ validates clean', () => {
  const workflows = readdirSync(join(ROOT, 'workflows')).filter((name) => name.endsWith('.yaml'));
  for (const name of workflows) {
    it(`workflows/${name}`, async () => {
      const { diagnostics } = await loadWorkflow(join(ROOT, 'workflows', name));
      assert.deepEqual(diagnostics.map(formatDiagnostic), []);
    });
  }
  it('test/fixtures/workflows/ser-before-11.yaml (ser.yaml in the syntax before #11: old workflows still validate)', async () => {
    const { diagnostics } = await loadWorkflow(join(ROOT, 'test', 'fixtures', 'workflows', 'ser-before-11.yaml'));
    assert.deepEqual(diagnostics.map(formatDiagnostic), []);
  });
  for (const doc of readdirSync(join(ROOT, 'docs')).filter((name) => name.endsWith('.md'))) {
    getWorkflowExamples(readFileSync(join(ROOT, 'docs', doc), 'utf8')).forEach((text, i) => {
      it(`docs/${doc} example ${i + 1} (${text.split('\n')[0]})`, async () => {
        // Placed in workflows/ so an example's `extends: ser.yaml` finds the shipped file.
        const { diagnostics } = await loadWorkflow(join(ROOT, 'workflows', `docs-example-${i + 1}.yaml`), { text });
        assert.deepEqual(diagnostics.map(formatDiagnostic), []);
      });
    });
  }
  it('docs/workflow-language.md has an example of every construct', () => {
    const examples = getWorkflowExamples(readFileSync(join(ROOT, 'docs', 'workflow-language.md'), 'utf8')).join('\n');
    for (const construct of ['checks:', 'templates:', 'uses:', 'extends:', 'vars:', 'set:', 'for_each:', 'parallel:', 'grid:']) {
      assert.ok(examples.includes(construct), `no example uses ${construct}`);
    }
  });
});
