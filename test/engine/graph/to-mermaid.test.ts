import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Workflow } from '../../../schemas/workflow-types.js';
import { toMermaid } from '../../../engine/graph/to-mermaid.js';
import { FIXTURES, runCli } from '../validate/cli-helper.js';

const workflow = parse(`
name: loop
start: train
states:
  train:
    step: train-rm
    max_visits: 3
    on_error: failed
    next: judge
  judge:
    step: converge-check
    max_visits: 3
    on_exhausted: done
    next:
      - if: \${{ outputs.converged && outputs.acc > 0.5 }}
        next: done
      - next: train
`) as Workflow;

describe('graph: toMermaid', () => {
  it('draws states, the loop back edge, a labelled branch, and the terminals', () => {
    assert.equal(
      toMermaid(workflow),
      [
        'flowchart TD',
        '  start__(( )) --> s_train',
        '  s_train["<b>train</b><br/><i>train-rm</i><br/>max 3 visits"]',
        '  s_judge["<b>judge</b><br/><i>converge-check</i><br/>max 3 visits"]',
        '  s_done(["done"])',
        '  s_failed(["failed"])',
        '  s_train --> s_judge',
        '  s_train -.->|"on error"| s_failed',
        '  s_judge -->|"outputs.converged && outputs.acc #gt; 0.5"| s_done',
        '  s_judge -->|"else"| s_train',
        '  s_judge -.->|"max visits reached"| s_done',
        '  classDef terminal fill:#eef,stroke:#557',
        '  classDef current fill:#ffd54f,stroke:#e65100,stroke-width:3px',
        '  classDef unvisited fill:#f5f5f5,stroke:#bbb,color:#999',
        '  class s_done,s_failed terminal',
        '',
      ].join('\n'),
    );
  });

  it('annotates visit counts, dims unvisited states and highlights the current one', () => {
    const withProgress = { ...workflow, states: { ...workflow.states, report: { step: 'report', next: 'done' } } } as Workflow;
    const text = toMermaid(withProgress, { visited: { train: 2, judge: 1 }, current: 'train' });
    assert.match(text, /s_train\["<b>train<\/b><br\/><i>train-rm<\/i><br\/>max 3 visits<br\/>visited ×2"\]/);
    assert.match(text, /s_judge\[.*visited ×1"\]/);
    assert.match(text, /^ {2}class s_report unvisited$/m);
    assert.match(text, /^ {2}class s_train current$/m);
  });

  it('keeps Mermaid keywords and dashes out of node ids', () => {
    const tricky = parse('name: t\nstart: end\nstates:\n  end:\n    step: a\n    next: my-state\n  my-state:\n    step: b\n    next: done\n') as Workflow;
    const text = toMermaid(tricky);
    assert.match(text, /s_end --> s_my_2d_state/);
  });

  it('ser-flow graph prints the Mermaid text of a workflow file', () => {
    const file = join(FIXTURES, 'v-good.yaml');
    const { status, stdout } = runCli(['graph', file]);
    assert.equal(status, 0);
    const expected = toMermaid(parse(readFileSync(file, 'utf8')) as Workflow);
    assert.equal(stdout, expected);
    assert.match(stdout, /s_again --> s_judge/);
  });

  it('ser-flow graph refuses a path that is neither a workflow nor a run (exit 2)', () => {
    const { status, stderr } = runCli(['graph', 'nowhere.yaml']);
    assert.equal(status, 2);
    assert.match(stderr, /neither a workflow file nor a run folder/);
  });
});

describe('graph: a run folder', () => {
  it('annotates visits and the current state from the run snapshot', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ser-flow-graph-'));
    try {
      const run = join(dir, 'runs', 'loop-1');
      mkdirSync(run, { recursive: true });
      writeFileSync(join(run, 'workflow.yaml'), readFileSync(join(FIXTURES, 'v-good.yaml')));
      // The shape XState's getPersistedSnapshot() gives and the run store writes.
      writeFileSync(join(run, 'snapshot.json'), JSON.stringify({ status: 'active', value: 'judge', context: { visits: { seed: 1, judge: 2, again: 2 } }, children: {} }));
      const { status, stdout } = runCli(['graph', 'loop-1'], { cwd: dir });
      assert.equal(status, 0, stdout);
      assert.match(stdout, /s_judge\[.*visited ×2"\]/);
      assert.match(stdout, /^ {2}class s_pick unvisited$/m);
      assert.match(stdout, /^ {2}class s_judge current$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
