import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Workflow } from '../../../schemas/workflow-types.js';
import { toMermaid } from '../../../engine/graph/to-mermaid.js';
import { runCli } from '../validate/cli-helper.js';
import { BLOCKS_WORKFLOW_FILE, inspectRunningBlocks } from '../cli/run-blocks-workflow.js';

const workflow = parse(readFileSync(BLOCKS_WORKFLOW_FILE, 'utf8')) as Workflow;

/** The lines from `subgraph <id>` to its matching `end`. */
function getSubgraph(text: string, id: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.trim().startsWith(`subgraph ${id}[`));
  assert.ok(start >= 0, `no subgraph ${id} in\n${text}`);
  const indent = lines[start].indexOf('subgraph');
  const end = lines.findIndex((line, i) => i > start && line === `${' '.repeat(indent)}end`);
  return lines.slice(start, end + 1);
}

describe('graph: parallel and for_each blocks', () => {
  it('draws a parallel state as a subgraph with one subgraph per branch, each with its own start and end', () => {
    const text = toMermaid(workflow);
    assert.deepEqual(getSubgraph(text, 's_ens'), [
      '  subgraph s_ens["<b>ens</b><br/>parallel"]',
      '    subgraph s_ens_2f_left["left"]',
      '      s_ens_2f_left_2f_start(( )) --> s_train_left',
      '      s_train_left["<b>train_left</b><br/><i>p-work</i>"]',
      '      s_score_left["<b>score_left</b><br/><i>p-work</i>"]',
      '      s_ens_2f_left_2f_done(["end of left"])',
      '    end',
      '    subgraph s_ens_2f_right["right"]',
      '      s_ens_2f_right_2f_start(( )) --> s_train_right',
      '      s_train_right["<b>train_right</b><br/><i>p-work</i>"]',
      '      s_ens_2f_right_2f_done(["end of right"])',
      '    end',
      '  end',
    ]);
    // Into and out of the block: the subgraph; inside a branch, `done` is the branch's end.
    assert.match(text, /^ {2}s_prep --> s_ens$/m);
    assert.match(text, /^ {2}s_ens --> s_score$/m);
    assert.match(text, /^ {2}s_train_left --> s_score_left$/m);
    assert.match(text, /^ {2}s_score_left --> s_ens_2f_left_2f_done$/m);
    assert.match(text, /^ {2}s_train_right --> s_ens_2f_right_2f_done$/m);
    assert.match(text, /^ {2}class s_done,s_failed,s_ens_2f_left_2f_done,s_ens_2f_right_2f_done terminal$/m);
  });

  it('draws a for_each state as a subgraph of its members side by side, or as one node when the list is unknown', () => {
    const text = toMermaid(workflow, { fanOuts: { score: [0, 1, 2] } });
    assert.deepEqual(getSubgraph(text, 's_score'), [
      '  subgraph s_score["<b>score</b><br/>for each × 3<br/><i>p-work</i>"]',
      '    s_score_5b_0_5d_["<b>score[0]</b><br/><i>p-work</i>"]',
      '    s_score_5b_1_5d_["<b>score[1]</b><br/><i>p-work</i>"]',
      '    s_score_5b_2_5d_["<b>score[2]</b><br/><i>p-work</i>"]',
      '  end',
    ]);
    assert.match(text, /^ {2}s_score --> s_done$/m);
    const unknown = toMermaid(workflow);
    assert.match(unknown, /^ {2}s_score\["<b>score<\/b><br\/>for each<br\/><i>p-work<\/i>"\]$/m);
    assert.doesNotMatch(unknown, /subgraph s_score/);
  });

  it('sends a branch state\'s `failed` to where the parallel state goes on error', () => {
    const failing = parse(readFileSync(BLOCKS_WORKFLOW_FILE, 'utf8')) as Workflow & { states: Record<string, any> };
    failing.states.ens.on_error = 'prep';
    failing.states.ens.parallel.right.states.train_right.on_error = 'failed';
    assert.match(toMermaid(failing), /^ {2}s_train_right -\.->\|"on error"\| s_prep$/m);
  });

  it('highlights every running member and the block they run in', () => {
    const text = toMermaid(workflow, { fanOuts: { score: [0, 1, 2] }, visited: { prep: 1, 'score[2]': 1 }, current: 'score', running: ['score[0]', 'score[1]'] });
    assert.match(text, /^ {2}style s_score fill:#fff8e1,stroke:#e65100,stroke-width:3px$/m);
    assert.match(text, /^ {2}class s_score_5b_0_5d_,s_score_5b_1_5d_ current$/m);
    assert.match(text, /s_score_5b_2_5d_\["<b>score\[2\]<\/b><br\/><i>p-work<\/i><br\/>visited ×1"\]/);
    assert.match(text, /^ {2}class s_train_left,s_score_left,s_train_right unvisited$/m);
  });

  it('ser-flow graph of a run inside a block shows its members and the two running at once', async function () {
    this.timeout(60_000);
    const dir = mkdtempSync(join(tmpdir(), 'ser-flow-graph-blocks-'));
    try {
      await inspectRunningBlocks(dir, 'score', () => {
        const { status, stdout, stderr } = runCli(['graph', 'blocks-score'], { cwd: dir });
        assert.equal(status, 0, stderr);
        assert.match(stdout, /subgraph s_score\["<b>score<\/b><br\/>for each × 3/);
        assert.match(stdout, /^ {2}style s_score /m);
        assert.match(stdout, /^ {2}class s_score_5b_0_5d_,s_score_5b_1_5d_ current$/m);
      });
      await inspectRunningBlocks(dir, 'ens', (inEns) => {
        const ens = runCli(['graph', inEns], { cwd: dir });
        assert.match(ens.stdout, /^ {2}style s_ens /m);
        assert.match(ens.stdout, /^ {2}class s_train_left,s_train_right current$/m);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ser-flow graph of the workflow file draws the blocks (a fan-out over an expression as one node)', () => {
    const { status, stdout } = runCli(['graph', BLOCKS_WORKFLOW_FILE]);
    assert.equal(status, 0, stdout);
    assert.equal(stdout, toMermaid(workflow));
  });
});
