import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Workflow } from '../../../schemas/workflow-types.js';
import { buildHtml } from '../../../engine/report/build-html.js';
import { buildReport } from '../../../engine/report/build-report.js';
import { renderGraphSvg } from '../../../engine/report/render-graph-svg.js';
import { BLOCKS_WORKFLOW_FILE, inspectRunningBlocks, runBlocks } from '../cli/run-blocks-workflow.js';

type Box = { x: number; y: number; width: number; height: number };

function getBox(svg: string, attribute: string): Box {
  const match = new RegExp(`<g class="[^"]*" ${attribute}[^>]*><rect x="([\\d.]+)" y="([\\d.]+)" width="([\\d.]+)" height="([\\d.]+)"`).exec(svg);
  assert.ok(match, `no box with ${attribute}`);
  const [x, y, width, height] = match.slice(1).map(Number);
  return { x, y, width, height };
}

function isInside(inner: Box, outer: Box): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
}

const workflow = parse(readFileSync(BLOCKS_WORKFLOW_FILE, 'utf8')) as Workflow;

describe('report: parallel branches and for_each members', () => {
  it('draws a parallel state as a box of branch boxes and a for_each state as a box of its members side by side', () => {
    const svg = renderGraphSvg(workflow, { fanOuts: { score: [0, 1, 2] } });
    const ens = getBox(svg, 'data-block="ens"');
    const left = getBox(svg, 'data-branch="ens/left"');
    const right = getBox(svg, 'data-branch="ens/right"');
    assert.ok(isInside(left, ens) && isInside(right, ens), 'both branches inside the parallel state');
    assert.ok(isInside(getBox(svg, 'data-state="train_left"'), left) && isInside(getBox(svg, 'data-state="score_left"'), left));
    assert.ok(isInside(getBox(svg, 'data-state="train_right"'), right));
    assert.ok(left.x + left.width <= right.x, 'branches side by side, in declaration order');
    const score = getBox(svg, 'data-block="score"');
    const members = [0, 1, 2].map((k) => getBox(svg, `data-state="score\\[${k}\\]"`));
    assert.ok(members.every((m) => isInside(m, score)), 'members inside their block');
    assert.equal(new Set(members.map((m) => m.y + m.height / 2)).size, 1, 'members on one row');
    assert.ok(members[0].x < members[1].x && members[1].x < members[2].x, 'members in order, left to right');
    assert.ok(score.y > ens.y + ens.height, 'the fan-out comes after the parallel state');
    // fork and join bar of each block; every edge a path; no edge label on the synthetic fork/join edges.
    assert.equal((svg.match(/<rect class="bar"/g) ?? []).length, 4);
    assert.ok(!/NaN|undefined/.test(svg), 'every coordinate is a number');
    assert.match(svg, />ens · parallel<\/text>/);
    assert.match(svg, />score · for each × 3 · p-work<\/text>/);
    // Without the member list, the fan-out is one node.
    const unknown = renderGraphSvg(workflow);
    assert.match(unknown, /data-state="score" data-visits="0">.*<tspan[^>]*>for each<\/tspan>/);
    assert.doesNotMatch(unknown, /data-block="score"/);
  });

  describe('from a real run folder', function () {
    this.timeout(60_000);
    let root: string;
    before(() => (root = mkdtempSync(join(tmpdir(), 'ser-flow-report-blocks-'))));
    after(() => rmSync(root, { recursive: true, force: true }));

    it('outlines the block the run is in and each member running in it', async () => {
      let model!: Awaited<ReturnType<typeof buildReport>>;
      await inspectRunningBlocks(root, 'score', async (runDir) => {
        model = await buildReport({ runDir });
      });
      assert.match(model.graphSvg, /<g class="block current" data-block="score">/);
      assert.match(model.graphSvg, /<g class="node current visited" data-state="score\[0\]"/);
      assert.match(model.graphSvg, /<g class="node current visited" data-state="score\[1\]"/);
      assert.match(model.graphSvg, /<g class="node visited" data-state="score\[2\]" data-visits="1">/);
      const html = buildHtml(model);
      assert.match(html, /<th>state<\/th><td>in score \(score\[0\], score\[1\] running\)<\/td>/);
    });

    it('groups the steps table under each block and reads member refs and a fan-out\'s list in the summary and charts', async () => {
      const model = await buildReport({ runDir: await runBlocks(root) });
      assert.deepEqual(model.summary, [
        { label: 'prep.value', value: 2 },
        { label: 'score[1].value', value: 2 },
        { label: 'score.value', value: [0, 2, 4] },
      ]);
      const chart = model.charts.find((c) => c.title === 'Members');
      assert.equal(chart?.points, 2);
      assert.deepEqual(chart?.missing, []);
      const html = buildHtml(model);
      const rows = [...html.matchAll(/<tr (?:class="block" )?data-(state|block)="([^"]+)"/g)].map((m) => `${m[1]} ${m[2]}`);
      assert.deepEqual(rows, [
        'state prep',
        'block ens',
        // Branch by branch, in declaration order (train_left and train_right started at once).
        'state train_left',
        'state score_left',
        'state train_right',
        'block score',
        'state score[0]',
        'state score[1]',
        'state score[2]',
      ]);
      assert.match(html, /<tr data-state="score\[1\]"><td><span class="member">score\[1\]<\/span><\/td>/);
    });
  });
});
