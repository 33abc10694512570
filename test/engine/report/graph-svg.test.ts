import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Workflow } from '../../../schemas/workflow-types.js';
import { getEdgeLabel, renderGraphSvg } from '../../../engine/report/render-graph-svg.js';
import { getWorkflowEdges } from '../../../engine/validate/workflow-view.js';
import { LOOP_WORKFLOW, writeRunFixture } from './make-run-fixture.js';
import { FIXTURES, runCli } from './run-cli.js';

const workflow = LOOP_WORKFLOW as unknown as Workflow;

function getNodeStates(svg: string): string[] {
  return [...svg.matchAll(/<g class="[^"]*" data-state="([^"]+)"/g)].map((m) => m[1]);
}

describe('run graph', () => {
  it('lists every transition of a loop with a branch, including error and exhaustion exits', () => {
    const edges = getWorkflowEdges(workflow).map((e) => `${e.from}->${e.to}:${e.kind}:${getEdgeLabel(e) ?? ''}`);
    assert.deepEqual(edges, [
      'prep->train:next:',
      'train->evaluate:next:',
      'evaluate->select:next:',
      'select->train:branch:outputs.admitted > 0',
      'select->tune:default:else',
      'select->failed:error:on error',
      'select->tune:exhausted:exhausted',
      'tune->done:next:',
    ]);
  });

  it('lays the workflow out as SVG: one box per state and terminal, one path per edge, labels on branches', () => {
    const svg = renderGraphSvg(workflow);
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" class="run-graph" width="\d+" height="\d+"/);
    assert.deepEqual(getNodeStates(svg).sort(), ['done', 'evaluate', 'failed', 'prep', 'select', 'train', 'tune']);
    assert.equal((svg.match(/<path class="edge"/g) ?? []).length, 9, '8 transitions and the start arrow');
    for (const label of ['outputs.admitted &gt; 0', 'else', 'on error', 'exhausted']) assert.ok(svg.includes(`>${label}</text>`), label);
    assert.ok(!/NaN|undefined/.test(svg), 'every coordinate is a number');
  });

  it('marks visited states with their counts and highlights the current one', () => {
    const svg = renderGraphSvg(workflow, { visited: { prep: 1, train: 3, evaluate: 2 }, current: 'evaluate' });
    assert.match(svg, /<g class="node current visited" data-state="evaluate" data-visits="2">/);
    assert.match(svg, /<g class="node visited" data-state="train" data-visits="3">/);
    assert.match(svg, /<g class="node" data-state="tune" data-visits="0">/);
    assert.ok(svg.includes('>visits 3/5</tspan>'));
    assert.ok(svg.includes('stroke:#e67e22'), 'current state outlined');
  });

  describe('ser-flow graph <run>', () => {
    let root: string;
    before(() => (root = mkdtempSync(join(tmpdir(), 'ser-flow-graph-'))));
    after(() => rmSync(root, { recursive: true, force: true }));

    it('prints a workflow with a loop and a branch: the back edge carries its condition, the default says else', async () => {
      const result = await runCli(['graph', join(FIXTURES, 'e-loop.yaml')]);
      assert.equal(result.exitCode, 0, result.all);
      assert.ok(result.stdout.includes('  s_learn --> s_pick\n'));
      assert.ok(result.stdout.includes('  s_pick -->|"outputs.admitted #gt; 0 && loop.index #lt; params.loops - 1"| s_learn\n'));
      assert.ok(result.stdout.includes('  s_pick -->|"else"| s_done\n'));
      assert.ok(!/ (current|unvisited)$/m.test(result.stdout), 'a workflow (not a run) has no visit highlighting');
    });

    it('prints Mermaid with visit counts and the current state highlighted', async () => {
      const dir = writeRunFixture({
        dir: join(root, 'running'),
        id: 'running-1',
        status: 'running',
        value: 'evaluate',
        visits: [
          { state: 'prep', outputs: {} },
          { state: 'train', outputs: {} },
          { state: 'evaluate', outputs: { accuracy: 0.6 } },
          { state: 'select', outputs: { admitted: 3 } },
          { state: 'train', outputs: {} },
        ],
      });
      const result = await runCli(['graph', dir]);
      assert.equal(result.exitCode, 0, result.all);
      assert.match(result.stdout, /^flowchart TD/);
      assert.match(result.stdout, /s_train\[.*visited ×2/);
      assert.match(result.stdout, /class s_evaluate current/);
      assert.match(result.stdout, /class [^\n]*s_tune[^\n]* unvisited/);
    });
  });
});
