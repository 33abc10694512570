import assert from 'node:assert/strict';
import { join } from 'node:path';
import { formatDiagnostics } from '../../../engine/load/diagnostic.js';
import { loadWorkflow } from '../../../engine/validate/load-workflow.js';
import { FIXTURES, runCli, STACK_LINE } from './cli-helper.js';

/** Validates workflow text placed in the fixtures folder (so `plugins: [../../plugins-fixtures]` resolves). */
async function validate(text: string): Promise<string[]> {
  const { diagnostics } = await loadWorkflow(join(FIXTURES, 'inline.yaml'), { text });
  return formatDiagnostics(diagnostics, { cwd: FIXTURES });
}

/** A two-state workflow over a method × seed grid with the given `grid:` and `report:` sections. */
const makeWorkflow = (grid: string, experiment: string) => `name: x
plugins: [../../plugins-fixtures]
params:
  method: { type: string, default: a }
  seed: { type: integer, default: 1 }
  seeds: { type: integer, default: 2 }
start: work
states:
  work: { step: g-work, for_each: [0, 1], with: { label: w }, next: check }
  check: { step: g-work, with: { label: c }, next: done }
${grid}
report:
  experiment: ${experiment}
`;

describe('validate: report.experiment', () => {
  it('v-bad-experiment.yaml: an unvaried seed param, method values the grid never gives and refs to missing states or members, through the real CLI', () => {
    const { status, stdout, stderr } = runCli(['validate', 'v-bad-experiment.yaml'], { cwd: FIXTURES });
    assert.equal(status, 2, stdout + stderr);
    assert.doesNotMatch(stdout + stderr, STACK_LINE);
    assert.deepEqual(
      stdout.split('\n').filter((line) => line.startsWith('v-bad-experiment.yaml')),
      [
        "v-bad-experiment.yaml:24:11 error bad-report: report.experiment.seed: grid.matrix does not vary param 'seed' (it varies: method, other); the experiment compares trials by their seed",
        "v-bad-experiment.yaml:26:16 error bad-report: report.experiment.treatment: 'bb' is not a value grid.matrix gives param 'method' (it gives: 'a', 'b')",
        "v-bad-experiment.yaml:27:16 error bad-report: report.experiment.reference: 'c' is not a value grid.matrix gives param 'method' (it gives: 'a', 'b')",
        "v-bad-experiment.yaml:28:14 error bad-report: report.experiment.metric[0]: 'chek.value' reads state 'chek', which is not a state (did you mean 'check'?) (states: work, check)",
        "v-bad-experiment.yaml:29:22 error bad-report: report.experiment.length_baseline: 'check[0].value' reads member check[0], but 'check' has no for_each; write 'check.value'",
        "v-bad-experiment.yaml:30:21 error bad-report: report.experiment.loops.value: 'wrk.value' reads state 'wrk', which is not a state (did you mean 'work'?) (states: work, check)",
      ],
    );
  });

  it('accepts method values that an include entry adds, a seed axis given by an expression, member refs of a for_each state', async () => {
    const grid = 'grid:\n  matrix: { method: [a, b], seed: "${{ range(1, params.seeds + 1) }}", include: [{ method: c, seed: 1 }] }';
    const experiment = '{ method: method, seed: seed, control: a, treatment: b, reference: c, metric: "work[1].value", loops: { v: work.value } }';
    assert.deepEqual(await validate(makeWorkflow(grid, experiment)), []);
  });

  it('method and seed must be declared params, and without a grid nothing is varied', async () => {
    assert.deepEqual(await validate(makeWorkflow('', '{ method: methd, seed: seed, control: a, treatment: b, metric: check.value }')), [
      "inline.yaml:13:25 error bad-report: report.experiment.method: 'methd' is not a declared param (did you mean 'method'?) (declared: method, seed, seeds)",
      "inline.yaml:13:38 error bad-report: report.experiment.seed: grid.matrix does not vary param 'seed' (it varies: nothing); the experiment compares trials by their seed",
    ]);
  });
});
