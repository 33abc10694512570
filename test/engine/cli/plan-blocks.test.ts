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
    assert.match(block[2], /^ {4}state train_left: p-work \S+ {2}\[.*test\/plugins-fixtures\/p-work\]$/);
    assert.match(block[3], /^ {6}argv: .*p-work/);
    assert.deepEqual(block.slice(4, 10), ['      with:', '        value: 2', '        label: "left"', '        ms: 0', '        progress: 2', '      next: → score_left']);
    assert.ok(block.includes('      next: → done (ends the branch)'), block.join('\n'));
    assert.ok(block.includes('  branch right: start train_right'), block.join('\n'));
    assert.match(block.find((line) => line.includes('state train_right'))!, /^ {4}state train_right: p-work/);
    assert.equal(block.at(-1), '  next: → score');
  });

  it('lists a for_each state\'s members with their item and resolved inputs', async () => {
    const lines = formatPlan(await loadBlocks(), { cwd: ROOT, fanOuts: { score: [0, 1, 2] } });
    const at = lines.findIndex((line) => line.startsWith('state score: '));
    assert.match(lines[at], /^state score: p-work \S+, for each of 3 members, at once {2}\[/);
    assert.match(lines[at + 1], /^ {2}argv: /);
    // Each member's own inputs: its item in the label and progress (members 0 and 1 sleep `score_ms`, 0 by default).
    assert.deepEqual(lines.slice(at + 2, at + 19), [
      '  members:',
      '    score[0]: item = 0',
      '      value: 0',
      '      label: "member 0"',
      '      ms: 0',
      '      progress: 1',
      '    score[1]: item = 1',
      '      value: 1',
      '      label: "member 1"',
      '      ms: 0',
      '      progress: 2',
      '    score[2]: item = 2',
      '      value: 2',
      '      label: "member 2"',
      '      ms: 0',
      '      progress: 3',
      '  next: → done',
    ]);
  });

  it('shows a for_each state whose list is not resolved as one state', async () => {
    const lines = formatPlan(await loadBlocks(), { cwd: ROOT });
    const at = lines.findIndex((line) => line.startsWith('state score: '));
    assert.match(lines[at], /^state score: p-work \S+, for each item \(one member per item\)/);
    assert.ok(lines.includes('    value: "${{ item }}"  (resolved at run time)'), lines.join('\n'));
  });
});
