import assert from 'node:assert/strict';
import { join } from 'node:path';
import { formatDiagnostics } from '../../../engine/load/diagnostic.js';
import { loadWorkflow } from '../../../engine/validate/load-workflow.js';
import { FIXTURES, runCli, STACK_LINE } from './cli-helper.js';

/** Validates workflow text placed in the fixtures folder (so `plugins: [../../plugins-fixtures]` resolves). */
async function validate(text: string, set: Record<string, string> = {}) {
  const { loaded, diagnostics } = await loadWorkflow(join(FIXTURES, 'inline.yaml'), { text, set });
  return { loaded, lines: formatDiagnostics(diagnostics, { cwd: FIXTURES }) };
}

/** Each new construct's failing example and the exact lines `ser-flow validate` prints for it. */
const CLI_CASES: [string, string[], string[]][] = [
  [
    'v-bad-var-never-set.yaml',
    [],
    ["v-bad-var-never-set.yaml:12:17 error bad-var: variable 'best' is never set: give it an initial value in vars: or set it with set: in a state"],
  ],
  [
    'v-bad-var-undeclared.yaml',
    [],
    [
      "v-bad-var-undeclared.yaml:12:18 error unknown-reference: variable 'bset' is never declared (vars: best) (did you mean 'best'?); declare it under vars: with an initial value",
      "v-bad-var-undeclared.yaml:14:7 error bad-var: state 'a' sets variable 'bets', which is never declared (vars: best) (did you mean 'best'?); declare it under vars: with an initial value",
    ],
  ],
  [
    'v-bad-branch-target.yaml',
    [],
    [
      "v-bad-branch-target.yaml:14:19 error bad-parallel: state 'l1' goes to 'after': target 'after' is outside branch 'left' of parallel state 'both'; a branch state goes to a state of its branch, done (ends the branch) or failed (fails the block)",
    ],
  ],
  [
    'v-bad-fan-out.yaml',
    [],
    ["v-bad-fan-out.yaml:10:15 error bad-fan-out: state 'rm': for_each must give a list, but ${{ params.members }} gives 2; write a list or e.g. ${{ range(params.n) }}"],
  ],
  [
    'v-bad-check.yaml',
    ['--set', 'sft_ratio=0'],
    ['v-bad-check.yaml:5:39 error failed-check: the SFT share is empty while the tail runs; raise sft_ratio or set skip_tail=true (--set sft_ratio=0)'],
  ],
  [
    'v-bad-grid-expression.yaml',
    [],
    [
      "v-bad-grid-expression.yaml:16:11 error grid: grid value for param 'seed': ${{ params.seeds + 1 }} gives 4, not a list of values; write a list or e.g. ${{ range(1, params.seeds + 1) }}",
    ],
  ],
];

describe('validate: workflow language (vars, checks, for_each, parallel) through the real CLI', () => {
  for (const [fixture, args, expected] of CLI_CASES) {
    it(`${fixture} ${args.join(' ')}`.trim(), () => {
      const { status, stdout, stderr } = runCli(['validate', fixture, ...args], { cwd: FIXTURES });
      assert.equal(status, 2, stdout + stderr);
      assert.deepEqual(
        stdout.split('\n').filter((line) => line.startsWith(fixture)),
        expected,
      );
      assert.doesNotMatch(stdout + stderr, STACK_LINE);
    });
  }

  it('the check fixture is valid with its defaults', () => {
    const { status, stdout } = runCli(['validate', 'v-bad-check.yaml'], { cwd: FIXTURES });
    assert.equal(status, 0, stdout);
  });
});

describe('validate: vars', () => {
  const text = (initial: string, set: string) => `name: t
plugins: [../../plugins-fixtures]
vars:
  best: ${initial}
start: a
states:
  a:
    step: g-work
    max_visits: 2
    on_exhausted: done
    with:
      label: a
      value: \${{ vars.best || 0 }}
${set}    next: a
`;

  it('a var read with a non-null initial value, or set by a state, is fine', async () => {
    assert.deepEqual((await validate(text('1', ''))).lines, []);
    assert.deepEqual((await validate(text('${{ params.x }}', ''))).lines, [
      "inline.yaml:4:13 error unknown-reference: unknown param 'x' in params.x; declared params: (none)",
    ]);
    assert.deepEqual((await validate(text('null', '    set:\n      best: ${{ outputs.value }}\n'))).lines, []);
    assert.deepEqual((await validate(text('null', ''))).lines, [
      "inline.yaml:13:18 error bad-var: variable 'best' is never set: give it an initial value in vars: or set it with set: in a state",
    ]);
  });

  it('a literal null input is left out of the request, so it is not judged against the input schema', async () => {
    assert.deepEqual((await validate(text('1', '').replace('      label: a\n', '      label: a\n      data: null\n'))).lines, []);
    assert.deepEqual((await validate(text('1', '').replace('      label: a\n', '      label: a\n      data: 3\n'))).lines, [
      "inline.yaml:13:13 error plugin-input: state 'a': input 'data' must be string; found number 3 (plugin 'g-work')",
    ]);
  });

  it('initial values read params only; set: reads outputs like if:', async () => {
    assert.deepEqual((await validate(text('${{ states.a.outputs.value }}', '    set:\n      best: ${{ outputs.valeu }}\n'))).lines, [
      "inline.yaml:4:13 error unknown-reference: unknown name 'states' in states.a.outputs.value: vars: can use params",
      "inline.yaml:15:17 error unknown-output: outputs.valeu: this state runs plugin 'g-work', which declares no output 'valeu'; its outputs: value, out",
    ]);
  });
});

describe('validate: checks', () => {
  const text = (check: string) => `name: t
plugins: [../../plugins-fixtures]
params:
  sft_ratio: { type: number, default: 0 }
  skip_tail: { type: boolean, default: false }
checks:
${check}start: a
states:
  a:
    step: g-work
    with: { label: a }
    next: done
`;

  it('a false assert is an error at the default of the param it names', async () => {
    const check = '  - assert: ${{ params.skip_tail || params.sft_ratio > 0 }}\n    message: the SFT share is empty\n    param: sft_ratio\n';
    assert.deepEqual((await validate(text(check))).lines, ['inline.yaml:4:39 error failed-check: the SFT share is empty']);
    assert.deepEqual((await validate(text(check), { skip_tail: 'true' })).lines, []);
    assert.deepEqual((await validate(text(check), { sft_ratio: '0.1' })).lines, []);
  });

  it('without param: the error is at the assert; an unknown param: or a non-param name is an error where written', async () => {
    assert.deepEqual((await validate(text('  - assert: ${{ params.sft_ratio > 0 }}\n    message: empty SFT share\n'))).lines, ['inline.yaml:7:13 error failed-check: empty SFT share']);
    assert.deepEqual((await validate(text('  - assert: ${{ params.sft_ratio > 0 }}\n    message: empty\n    param: sft_ration\n'))).lines, [
      "inline.yaml:9:12 error failed-check: checks: no param 'sft_ration' (did you mean 'sft_ratio'?); declared params: sft_ratio, skip_tail",
    ]);
    assert.deepEqual((await validate(text('  - assert: ${{ states.a.outputs.value > 0 }}\n    message: empty\n'))).lines, [
      "inline.yaml:7:17 error unknown-reference: unknown name 'states' in states.a.outputs.value: checks: can use params",
    ]);
  });
});

describe('validate: checks and fan-outs in a grid', () => {
  const text = (forEach: string) => `name: t
plugins: [../../plugins-fixtures]
params:
  sft_ratio: { type: number, default: 0.2 }
  members: { type: integer, default: 2 }
checks:
  - assert: \${{ params.sft_ratio > 0 }}
    message: the SFT share is empty
    param: sft_ratio
start: a
states:
  a:
    step: g-work
    for_each: ${forEach}
    with: { label: a }
    next: done
grid:
  matrix:
    sft_ratio: [0.1, 0]
    members: [2, 3]
`;

  it('every trial is checked with its own params (the first failing one is named), its fan-outs too', async () => {
    assert.deepEqual((await validate(text('${{ range(3 - params.members) }}'))).lines, [
      "inline.yaml:14:15 error bad-fan-out: state 'a': for_each gives an empty list: a fan-out needs at least one item (grid trial 1: sft_ratio=0.1 members=3)",
      'inline.yaml:19:16 error failed-check: the SFT share is empty (grid trial 2: sft_ratio=0 members=2)',
    ]);
    const varied = await validate(text('${{ range(params.members) }}').replace('sft_ratio: [0.1, 0]', 'sft_ratio: [0.1, 0.3]'), { sft_ratio: '0' });
    assert.deepEqual(varied.lines, []);
    const fixed = await validate(text('[1, 2]').replace('sft_ratio: [0.1, 0]', 'sft_ratio: [0.1, 0.3]'), { sft_ratio: '0' });
    assert.deepEqual(fixed.lines, []);
    assert.deepEqual(fixed.loaded?.fanOuts, { a: [1, 2] });
  });
});

describe('validate: for_each', () => {
  const text = (forEach: string, extra = '') => `name: t
plugins: [../../plugins-fixtures]
params:
  members: { type: integer, default: 2 }
start: rm
states:
  rm:
    step: g-work
    for_each: ${forEach}
    with:
      label: rm-\${{ item_index }}
      value: \${{ item }}
    next: pick
  pick:
    step: g-work
    with:
      label: \${{ ${extra || 'states.rm.outputs.out[0]'} }}
    next: done
`;

  it('resolves a literal list or a params expression before the run', async () => {
    const literal = await validate(text('[0.1, 0.2, 0.3]'));
    assert.deepEqual(literal.lines, []);
    assert.deepEqual(literal.loaded?.fanOuts, { rm: [0.1, 0.2, 0.3] });
    assert.deepEqual((await validate(text('${{ range(params.members) }}'))).loaded?.fanOuts, { rm: [0, 1] });
    assert.deepEqual((await validate(text('${{ range(params.members) }}'), { members: '3' })).loaded?.fanOuts, { rm: [0, 1, 2] });
    assert.deepEqual((await validate(text('${{ range(10) | slice(params.members) }}'), { members: '7' })).loaded?.fanOuts, { rm: [7, 8, 9] });
  });

  it('an empty list, too many items, a failing expression or a run-time name is an error at for_each', async () => {
    assert.deepEqual((await validate(text('${{ range(params.members) }}'), { members: '0' })).lines, [
      "inline.yaml:9:15 error bad-fan-out: state 'rm': for_each gives an empty list: a fan-out needs at least one item",
    ]);
    assert.deepEqual((await validate(text('${{ range(65) }}'))).lines, ["inline.yaml:9:15 error bad-fan-out: state 'rm': for_each gives 65 items; at most 64 members may run at once"]);
    assert.deepEqual((await validate(text('${{ range(0.5) }}'))).lines, ["inline.yaml:9:15 error bad-fan-out: state 'rm': for_each cannot be evaluated: range() takes integers, got 0.5"]);
    assert.deepEqual((await validate(text('${{ states.pick.outputs.value }}'))).lines, [
      "inline.yaml:9:19 error unknown-reference: unknown name 'states' in states.pick.outputs.value: for_each: can use params",
    ]);
  });

  it("reads members' outputs as lists on the state; a member index on the state is an error that shows the list form", async () => {
    assert.deepEqual((await validate(text('[1, 2]', 'states.rm[0].outputs.out'))).lines, [
      "inline.yaml:17:18 error unknown-reference: states.rm[0].outputs.out: 'rm' is a for_each state; its outputs are lists in member order: write states.rm.outputs.<name>[0]",
    ]);
    assert.deepEqual((await validate(text('[1, 2]', 'item'))).lines, [
      "inline.yaml:17:18 error unknown-reference: 'item' is only available in the with: of a for_each state (member k reads the k-th item of for_each); with: of state 'pick' is not one",
    ]);
  });
});

describe('validate: parallel blocks', () => {
  const block = (left: string, right = '        start: r1\n        states:\n          r1: { step: g-work, with: { label: r1 }, next: done }\n', top = '') => `name: t
plugins: [../../plugins-fixtures]
start: both
states:
  both:
${top}    parallel:
      left:
${left}      right:
${right}    next: after
  after:
    step: g-work
    with:
      label: \${{ states.l2.outputs.out }}
    next: done
`;
  const left = '        start: l1\n        states:\n          l1: { step: g-work, with: { label: l1 }, next: l2 }\n          l2: { step: g-work, with: { label: l2 }, next: done }\n';

  it('a block loads: branch states run plugins, read each other, and are read after the block', async () => {
    const { loaded, lines } = await validate(block(left));
    assert.deepEqual(lines, []);
    assert.deepEqual([...loaded!.plugins.keys()], ['l1', 'l2', 'r1', 'after']);
  });

  it('branch states check their plugin and inputs where they are written', async () => {
    const bad = '        start: l1\n        states:\n          l1: { step: g-wrok, with: { label: l1 }, next: l2 }\n          l2: { step: g-work, with: { lable: l2 }, next: done }\n';
    const { lines } = await validate(block(bad));
    assert.equal(lines.length, 3, lines.join('\n'));
    assert.match(lines[0]!, /^inline\.yaml:10:23 error unknown-plugin: state 'l1': no plugin named 'g-wrok' \(did you mean 'g-work'\?\)/);
    assert.match(lines[1]!, /^inline\.yaml:11:31 error plugin-input: state 'l2': missing required input 'label'/);
    assert.match(lines[2]!, /^inline\.yaml:11:39 error plugin-input: state 'l2': plugin 'g-work' has no input 'lable'/);
  });

  it('names are unique across the workflow; a branch start is one of its states; no step, with or fan-out on or in a block', async () => {
    const right = '        start: r0\n        states:\n          after: { step: g-work, with: { label: r1 }, for_each: [1], next: done }\n';
    assert.deepEqual((await validate(block(left, right, '    step: g-work\n    fail_fast: false\n'))).lines, [
      "inline.yaml:6:5 error bad-parallel: parallel state 'both' cannot have step: a parallel state runs no step itself; put the step in a state of one of its branches",
      "inline.yaml:15:16 error bad-parallel: branch 'right' of parallel state 'both': start 'r0' is not a state of the branch; its states: after",
      "inline.yaml:17:55 error bad-parallel: state 'after' in branch 'right' of parallel state 'both': for_each inside a branch is not supported; move it to the top level",
      "inline.yaml:19:3 error bad-parallel: state 'after' is defined twice (branch 'right' of parallel state 'both' and the top level); state names are unique across the workflow, branches included",
    ]);
  });

  it('fail_fast belongs to blocks; a top-level state cannot go into a branch; each branch state is reachable from its start', async () => {
    const lonely = '        start: l1\n        states:\n          l1: { step: g-work, with: { label: l1 }, next: done }\n          l2: { step: g-work, with: { label: l2 }, fail_fast: true, next: done }\n';
    const text = block(lonely).replace('    next: after\n  after:', '    next: l1\n  after:');
    assert.deepEqual((await validate(text)).lines, [
      "inline.yaml:11:11 error unreachable-state: state 'l2' can never run: no transition from the start of branch 'left' of parallel state 'both' ('l1') leads to it; remove it or add a transition",
      "inline.yaml:11:52 error bad-parallel: state 'l2': fail_fast applies only to parallel and for_each states (it says whether one failed member cancels the others)",
      "inline.yaml:16:11 error bad-parallel: state 'both' goes to 'l1', which is inside branch 'left' of parallel state 'both'; go to 'both' to run the whole block",
      "inline.yaml:17:3 error unreachable-state: state 'after' can never run: no transition from start ('both') leads to it; remove it or add a transition",
    ]);
    assert.deepEqual((await validate(block(left).replace('start: both', 'start: l2'))).lines, [
      "inline.yaml:3:8 error unknown-target: start: 'l2' is a state of branch 'left' of parallel state 'both'; start at a top-level state; known targets: both, after, done, failed",
    ]);
  });

  it('a block has no outputs of its own; a loop through a block needs only the block to set max_visits', async () => {
    const loop = block(left).replace('    next: after\n  after:', '    next: after\n  after:\n    max_visits: 3').replace('    next: done\n', "    next: [{ if: '${{ states.both.outputs.x }}', next: done }, { next: both }]\n");
    assert.deepEqual((await validate(loop)).lines, [
      "inline.yaml:5:3 error unbounded-loop: state 'both' is on a cycle (both → after) but sets no max_visits; add max_visits: <n> (and on_exhausted: <state> to leave the loop instead of failing)",
      "inline.yaml:22:23 error unknown-reference: states.both.outputs.x: state 'both' is a parallel block and has no outputs of its own; read a branch state's (states.<state>.outputs.<name>)",
    ]);
    assert.deepEqual((await validate(loop.replace('  both:\n', '  both:\n    max_visits: 3\n').replace("'${{ states.both.outputs.x }}'", "'${{ states.l2.outputs.value > 1 }}'"))).lines, []);
  });
});

describe('validate: grid matrix expressions', () => {
  const text = (axis: string) => `name: t
plugins: [../../plugins-fixtures]
params:
  seed: { type: integer, default: 1 }
  seeds: { type: integer, default: 2 }
start: a
states:
  a:
    step: g-work
    with: { label: a }
    next: done
grid:
  matrix:
    seed: ${axis}
`;

  it('evaluates against the params after --set; the values must fit the param', async () => {
    const { loaded } = await validate(text('${{ range(1, params.seeds + 1) }}'), { seeds: '5' });
    assert.deepEqual(loaded?.workflow.grid?.matrix, { seed: [1, 2, 3, 4, 5] });
    assert.deepEqual((await validate(text("${{ ['a'] }}"))).lines, ["inline.yaml:14:11 error grid: grid value for param 'seed': expected an integer, got \"a\""]);
    assert.deepEqual((await validate(text('${{ states.a.outputs.value }}'))).lines, [
      "inline.yaml:14:15 error unknown-reference: unknown name 'states' in states.a.outputs.value: grid.matrix can use params",
    ]);
  });
});
