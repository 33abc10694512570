import assert from 'node:assert/strict';
import { join } from 'node:path';
import { formatPlan } from '../../../engine/cli/plan.js';
import { getProjectRoot } from '../../../engine/load/project-root.js';
import { loadWorkflow, type LoadedWorkflow } from '../../../engine/validate/load-workflow.js';

const ROOT = getProjectRoot();
const FILE = join(ROOT, 'test', 'fixtures', 'workflows', 'd-blocks.yaml');

async function loadBlocks(): Promise<LoadedWorkflow> {
  const { loaded, diagnostics } = await loadWorkflow(FILE);
  assert.ok(loaded, JSON.stringify(diagnostics));
  return loaded;
}

describe('plan: parallel branches and for_each members', () => {
  it('lists each branch with its states (plugin and argv) indented under the parallel state', async () => {
    const lines = formatPlan(await loadBlocks(), { cwd: ROOT, fanOuts: { score: [0, 1, 2] } });
    const at = lines.indexOf('state ens: parallel, 2 branches at once; a failed branch cancels the others');
    assert.ok(at > 0, lines.join('\n'));
    const block = lines.slice(at, lines.findIndex((line, i) => i > at && line.startsWith('state ')));
    assert.equal(block[1], '  branch left: start train_left');
    assert.match(block[2], /^ {4}state train_left: r-add \S+ {2}\[.*test\/plugins-fixtures\/r-add\]$/);
    assert.match(block[3], /^ {6}argv: .*r-add/);
    assert.deepEqual(block.slice(4, 8), ['      with:', '        value: 2', '        label: "left"', '      next: → score_left']);
    assert.ok(block.includes('      next: → done (ends the branch)'), block.join('\n'));
    assert.ok(block.includes('  branch right: start train_right'), block.join('\n'));
    assert.match(block.find((line) => line.includes('state train_right'))!, /^ {4}state train_right: r-add/);
    assert.equal(block.at(-1), '  next: → score');
  });

  it('lists a for_each state\'s members with their item and resolved inputs', async () => {
    const lines = formatPlan(await loadBlocks(), { cwd: ROOT, fanOuts: { score: [0, 1, 2] } });
    const at = lines.findIndex((line) => line.startsWith('state score: '));
    assert.match(lines[at], /^state score: r-add \S+, for each of 3 members, at once {2}\[/);
    assert.match(lines[at + 1], /^ {2}argv: /);
    assert.deepEqual(lines.slice(at + 2, at + 13), [
      '  members:',
      '    score[0]: item = 0',
      '      value: 0',
      '      label: "score"',
      '    score[1]: item = 1',
      '      value: 1',
      '      label: "score"',
      '    score[2]: item = 2',
      '      value: 2',
      '      label: "score"',
      '  next: → done',
    ]);
  });

  it('shows a for_each state whose list is not resolved as one state', async () => {
    const lines = formatPlan(await loadBlocks(), { cwd: ROOT });
    const at = lines.findIndex((line) => line.startsWith('state score: '));
    assert.match(lines[at], /^state score: r-add \S+, for each item \(one member per item\)/);
    assert.ok(lines.includes('    value: "${{ item }}"  (resolved at run time)'), lines.join('\n'));
  });
});
