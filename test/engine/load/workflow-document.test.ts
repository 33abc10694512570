import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWorkflowDocument } from '../../../engine/load/load-workflow-document.js';

describe('load: the merged workflow document and where its nodes are written', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ser-flow-document-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function write(name: string, lines: string[]): string {
    const file = join(dir, name);
    writeFileSync(file, lines.join('\n') + '\n');
    return file;
  }

  it('appended report charts and summary entries are located in the file that wrote them', async () => {
    const base = write('base.yaml', [
      'name: b', // 1
      'start: a', // 2
      'states: { a: { step: x, next: done } }', // 3
      'report:', // 4
      '  summary: [a.one, a.two]', // 5
      '  charts:', // 6
      '    - { title: base chart, series: [{ output: a.one }] }', // 7
    ]);
    const child = write('child.yaml', [
      'extends: base.yaml', // 1
      'report:', // 2
      '  summary: [a.two, a.three]', // 3
      '  charts:', // 4
      '    - title: child chart', // 5
      '      series: [{ output: a.three }]', // 6
    ]);
    const { document, diagnostics } = await loadWorkflowDocument({ file: child, text: readFileSync(child, 'utf8') });
    assert.deepEqual(diagnostics, []);
    assert.ok(document);
    const report = (document.data as { report: { summary: string[]; charts: { title: string }[] } }).report;
    assert.deepEqual(report.summary, ['a.one', 'a.two', 'a.three']);
    assert.deepEqual(report.charts.map((c) => c.title), ['base chart', 'child chart']);
    assert.deepEqual(document.locate(['report', 'summary', 1]), { file: base, line: 5, col: 20 });
    assert.deepEqual(document.locate(['report', 'summary', 2]), { file: child, line: 3, col: 20 });
    assert.deepEqual(document.locate(['report', 'charts', 0, 'title']), { file: base, line: 7, col: 16 });
    assert.deepEqual(document.locate(['report', 'charts', 1, 'title']), { file: child, line: 5, col: 14 });
    assert.deepEqual(document.locate(['report', 'charts', 1, 'series', 0, 'output']), { file: child, line: 6, col: 26 });
    assert.deepEqual(document.locate(['states', 'a', 'step']), { file: base, line: 3, col: 22 });
    // A node nobody wrote: the nearest written parent.
    assert.deepEqual(document.locate(['states', 'a', 'with'], { closest: true }), { file: base, line: 3, col: 14 });
  });

  it('expands templates in parallel branch states too, and notes the template and state', async () => {
    const file = write('p.yaml', [
      'name: p', // 1
      'templates:', // 2
      '  t: { step: x, with: { k: 1, j: 2 } }', // 3
      'start: p', // 4
      'states:', // 5
      '  p:', // 6
      '    parallel:', // 7
      '      left:', // 8
      '        start: l', // 9
      '        states:', // 10
      '          l: { uses: t, with: { j: 3 }, next: done }', // 11
      '    next: done', // 12
    ]);
    const { document, diagnostics } = await loadWorkflowDocument({ file, text: readFileSync(file, 'utf8') });
    assert.deepEqual(diagnostics, []);
    assert.ok(document);
    const l = (document.data as { states: { p: { parallel: { left: { states: { l: unknown } } } } } }).states.p.parallel.left.states.l;
    assert.deepEqual(l, { step: 'x', with: { k: 1, j: 3 }, next: 'done' });
    const at = ['states', 'p', 'parallel', 'left', 'states', 'l', 'with'];
    assert.deepEqual(document.locate([...at, 'k']), { file, line: 3, col: 28, note: "(in template 't', used by state 'l')" });
    assert.deepEqual(document.locate([...at, 'j']), { file, line: 11, col: 36 });
  });

  it('an input named __proto__ is merged as an ordinary input', async () => {
    write('base.yaml', ['name: b', 'start: a', 'states: { a: { step: x, with: { k: 1 }, next: done } }']);
    const child = write('child.yaml', ['extends: base.yaml', 'states: { a: { with: { __proto__: 2 } } }']);
    const { document } = await loadWorkflowDocument({ file: child, text: readFileSync(child, 'utf8') });
    const merged = (document?.data as { states: { a: { with: Record<string, unknown> } } }).states.a.with;
    assert.deepEqual(Object.entries(merged), [
      ['k', 1],
      ['__proto__', 2],
    ]);
    assert.equal(Object.getPrototypeOf(merged), Object.prototype);
  });
});
