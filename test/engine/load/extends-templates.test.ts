import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { formatDiagnostic } from '../../../engine/load/diagnostic.js';
import { getProjectRoot } from '../../../engine/load/project-root.js';
import { loadWorkflow } from '../../../engine/validate/load-workflow.js';

const PLUGIN_FIXTURES = join(getProjectRoot(), 'test', 'plugins-fixtures');

/** A base every case builds on: two v-echo states and a report. */
const BASE = [
  'name: base', // 1
  `plugins: [${PLUGIN_FIXTURES}]`, // 2
  'params:', // 3
  '  greeting: { type: string, default: hello, description: the greeting }', // 4
  '  rounds: { type: integer, default: 1 }', // 5
  'start: first', // 6
  'states:', // 7
  '  first:', // 8
  '    step: v-echo', // 9
  '    with: { message: "${{ params.greeting }}", count: 1 }', // 10
  '    next: second', // 11
  '  second:', // 12
  '    step: v-echo', // 13
  '    with: { message: bye }', // 14
  '    next: done', // 15
  'report:', // 16
  '  summary: [first.text, second.text]', // 17
];

describe('load: extends and templates', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ser-flow-extends-'));
    write('base.yaml', BASE);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function write(name: string, lines: string[]): string {
    const file = join(dir, name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, lines.join('\n') + '\n');
    return file;
  }

  async function getErrors(file: string): Promise<string[]> {
    const { loaded, diagnostics } = await loadWorkflow(file);
    assert.equal(loaded, undefined, 'the workflow must not load');
    return diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
  }

  it('merges a child over its base: params field by field, states field by field, with input by input, summary appended once', async () => {
    const file = write('child.yaml', [
      'extends: base.yaml', // 1
      'name: child', // 2
      'params:', // 3
      '  greeting: { default: hi }', // 4
      'states:', // 5
      '  first:', // 6
      '    with: { count: 2 }', // 7
      '    next: third', // 8
      '  third:', // 9
      '    step: v-echo', // 10
      '    with: { message: new }', // 11
      '    next: second', // 12
      'report:', // 13
      '  summary: [second.text, third.text]', // 14
    ]);
    const { loaded, diagnostics } = await loadWorkflow(file);
    assert.deepEqual(diagnostics.map(formatDiagnostic), []);
    assert.ok(loaded);
    const { workflow } = loaded;
    assert.equal(workflow.name, 'child');
    assert.deepEqual(workflow.params?.greeting, { type: 'string', default: 'hi', description: 'the greeting' });
    assert.deepEqual(loaded.params, { greeting: 'hi', rounds: 1 });
    assert.deepEqual(workflow.states.first, { step: 'v-echo', with: { message: '${{ params.greeting }}', count: 2 }, next: 'third' });
    assert.deepEqual(Object.keys(workflow.states), ['first', 'second', 'third']);
    assert.deepEqual(workflow.report?.summary, ['first.text', 'second.text', 'third.text']);
    assert.ok(!('extends' in workflow));
    // The frozen text is the merged document, self-contained.
    assert.deepEqual(parse(loaded.text), workflow);
  });

  it('keeps the text of a workflow without extends or templates exactly', async () => {
    const file = join(dir, 'base.yaml');
    const { loaded } = await loadWorkflow(file);
    assert.equal(loaded?.text, BASE.join('\n') + '\n');
  });

  it('follows a chain of extends, each relative to the file that names it', async () => {
    write('sub/middle.yaml', ['extends: ../base.yaml', 'params:', '  rounds: { default: 2 }']);
    const file = write('top.yaml', ['extends: sub/middle.yaml', 'name: top', 'params:', '  rounds: { maximum: 9 }']);
    const { loaded, diagnostics } = await loadWorkflow(file);
    assert.deepEqual(diagnostics.map(formatDiagnostic), []);
    assert.deepEqual(loaded?.workflow.params?.rounds, { type: 'integer', default: 2, maximum: 9 });
  });

  it('expands templates: a state starts from its template, writes replace, with merges input by input; templates may use templates', async () => {
    const file = write('t.yaml', [
      'extends: base.yaml',
      'templates:',
      '  echo: { step: v-echo, with: { message: from-template, count: 3 }, timeout: 60 }',
      '  echo_twice: { uses: echo, with: { count: 4 }, retry: { max_attempts: 2 } }',
      'states:',
      '  second:',
      '    uses: echo_twice',
      '    with: { message: own }',
      '    timeout: 30',
      '    next: third',
      '  first:',
      '    uses: echo',
      '  third:',
      '    uses: echo_twice',
      '    next: done',
    ]);
    const { loaded, diagnostics } = await loadWorkflow(file);
    assert.deepEqual(diagnostics.map(formatDiagnostic), []);
    assert.deepEqual(loaded?.workflow.states.second, { step: 'v-echo', with: { message: 'own', count: 4 }, timeout: 30, retry: { max_attempts: 2 }, next: 'third' });
    assert.ok(!('templates' in (loaded?.workflow ?? {})));
    // The base's own `with` of `first` is laid over the template's, input by input.
    assert.deepEqual(loaded?.workflow.states.first, { step: 'v-echo', with: { message: '${{ params.greeting }}', count: 1 }, timeout: 60, next: 'second' });
    assert.deepEqual(loaded?.workflow.states.third, { step: 'v-echo', with: { message: 'from-template', count: 4 }, timeout: 60, retry: { max_attempts: 2 }, next: 'done' });
    assert.doesNotMatch(loaded?.text ?? '', /uses:|templates:|extends:/);
    // Two states from one template share no objects: no YAML anchors or aliases in the frozen text.
    assert.doesNotMatch(loaded?.text ?? '', /[&*][A-Za-z]/);
  });

  it('unknown template: at the uses value, with a did-you-mean', async () => {
    const file = write('t.yaml', [
      'extends: base.yaml', // 1
      'templates:', // 2
      '  echo_rm: { step: v-echo }', // 3
      'states:', // 4
      '  second:', // 5
      '    uses: eco_rm', // 6
    ]);
    assert.deepEqual(await getErrors(file), [`${file}:6:11 error template: unknown template 'eco_rm' (did you mean 'echo_rm'?); templates: echo_rm`]);
  });

  it('template cycle: at the uses value that closes it', async () => {
    const file = write('t.yaml', [
      'extends: base.yaml', // 1
      'templates:', // 2
      '  a: { uses: b }', // 3
      '  b:', // 4
      '    step: v-echo', // 5
      '    uses: a', // 6
    ]);
    assert.deepEqual(await getErrors(file), [`${file}:6:11 error template: template cycle: a → b → a; a template cannot use itself`]);
  });

  it('extends cycle a → b → a: at the extends value that closes it', async () => {
    const a = write('a.yaml', ['extends: b.yaml', 'name: a']);
    const b = write('b.yaml', ['# b', 'extends: ./a.yaml']);
    assert.deepEqual(await getErrors(a), [`${b}:2:10 error extends: extends cycle: a.yaml → b.yaml → a.yaml; remove one of these extends`]);
  });

  it('extends of a missing file: at the extends value', async () => {
    const file = write('child.yaml', ['name: child', 'extends: nope.yaml']);
    assert.deepEqual(await getErrors(file), [
      `${file}:2:10 error extends: extends: cannot read 'nope.yaml': file not found (resolved against this file's folder: ${join(dir, 'nope.yaml')})`,
    ]);
  });

  it('extends of a folder: at the extends value', async () => {
    mkdirSync(join(dir, 'folder'));
    const file = write('child.yaml', ['extends: folder']);
    assert.deepEqual(await getErrors(file), [`${file}:1:10 error extends: extends: 'folder' is not a file (resolved against this file's folder: ${join(dir, 'folder')})`]);
  });

  it('extends of a file that is not a YAML mapping: at the extends value', async () => {
    write('list.yaml', ['- a', '- b']);
    write('broken.yaml', ['name: [unclosed']);
    const list = write('c1.yaml', ['extends: list.yaml']);
    const broken = write('c2.yaml', ['extends: broken.yaml']);
    assert.deepEqual(await getErrors(list), [`${list}:1:10 error extends: extends: 'list.yaml' is not a workflow: it holds a list, not a mapping`]);
    const [message] = await getErrors(broken);
    assert.match(message, new RegExp(`^${broken}:1:10 error extends: extends: 'broken.yaml' is not valid YAML at line 2, column 1: YAML syntax error: `));
  });

  it('a partial state the base lacks overrides nothing: at the child key, with a did-you-mean', async () => {
    const file = write('child.yaml', [
      'extends: base.yaml', // 1
      'states:', // 2
      '  secnd:', // 3
      '    with: { message: x }', // 4
    ]);
    assert.deepEqual(await getErrors(file), [
      `${file}:3:3 error extends: state 'secnd' overrides nothing: base.yaml has no state 'secnd' (did you mean 'second'?); a new state needs step (or uses or parallel) and next`,
    ]);
  });

  it('a wrong-typed override in a child: at the child line, each file checked on its own', async () => {
    const file = write('child.yaml', [
      'extends: base.yaml', // 1
      'states:', // 2
      '  first:', // 3
      '    max_visits: many', // 4
    ]);
    assert.deepEqual(await getErrors(file), [`${file}:4:17 error schema: 'states.first.max_visits' must be integer; found string "many"`]);
  });

  it('a problem in text from a template: at the template line, naming the state that used it', async () => {
    const file = write('t.yaml', [
      'extends: base.yaml', // 1
      'templates:', // 2
      '  echo:', // 3
      '    step: v-echo', // 4
      '    with:', // 5
      '      mesage: hi', // 6
      '      count: "${{ params.round }}"', // 7
      'states:', // 8
      '  second:', // 9
      '    uses: echo', // 10
      '    with: { message: own }', // 11
    ]);
    assert.deepEqual(await getErrors(file), [
      `${file}:6:7 error plugin-input: state 'second': plugin 'v-echo' has no input 'mesage' (inputs of 'v-echo': message, count, tags; required: message) (in template 'echo', used by state 'second')`,
      `${file}:7:19 error unknown-reference: unknown param 'round' in params.round; declared params: greeting, rounds (in template 'echo', used by state 'second')`,
    ]);
  });

  it('a problem in a base names the base file; the merged document is checked against the full schema', async () => {
    write('partial.yaml', [
      `plugins: [${PLUGIN_FIXTURES}]`, // 1
      'states:', // 2
      '  only:', // 3
      '    step: v-echo', // 4
      '    with: { message: hi }', // 5
      '    next: nowhere', // 6
    ]);
    const file = write('child.yaml', ['# no start here', 'extends: partial.yaml', 'name: c']);
    // The merged document's own problems: the missing key at the top file's mapping, the bad target in the base.
    assert.deepEqual(await getErrors(file), [
      `${file}:2:1 error schema: the workflow: missing required key 'start'`,
      `${join(dir, 'partial.yaml')}:6:11 error unknown-target: state 'only' goes to 'nowhere', which is not a state; known targets: only, done, failed`,
    ]);
  });

  it('a duplicate key in a base is reported in the base, and the merged workflow is still checked', async () => {
    const base = write('dup.yaml', [...BASE.slice(0, 14), '    with: { message: again }', ...BASE.slice(14)]);
    const file = write('child.yaml', ['extends: dup.yaml', 'states:', '  first:', '    next: nowhere']);
    assert.deepEqual(await getErrors(file), [
      `${file}:4:11 error unknown-target: state 'first' goes to 'nowhere', which is not a state; known targets: first, second, done, failed`,
      `${base}:12:3 error unreachable-state: state 'second' can never run: no transition from start ('first') leads to it; remove it or add a transition`,
      `${base}:15:5 error duplicate-key: duplicate key: a YAML mapping may set each key only once; remove or rename one of them`,
    ]);
  });
});
