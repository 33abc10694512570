import assert from 'node:assert/strict';
import { join } from 'node:path';
import { execa } from 'execa';
import { loadWorkflow } from '../../engine/validate/load-workflow.js';
import { getProjectRoot } from '../../engine/load/project-root.js';

const BENCH = join(getProjectRoot(), 'dist', 'bench', 'ser-quality.js');
// Tiny settings: 400 generated pairs (40 test pairs), 1 epoch, 1 loop; about a second per run.
const TINY = ['--generated-pairs', '400', '--epochs', '1', '--loops', '1', '--seeds', '2'];
const NUMBER = String.raw`(-?\d+\.\d{4})`;
const RESULT = new RegExp(String.raw`^RESULT dataset=(\w+) seeds=(\d+) seed=${NUMBER} ser=${NUMBER} full=${NUMBER} diff=${NUMBER} se=(\d+\.\d{4}) gap_closed=(-?\d+\.\d%|n/a)$`);

async function runBench(args: string[]) {
  const { exitCode, stdout, stderr } = await execa(process.execPath, [BENCH, ...TINY, ...args], { reject: false, timeout: 60_000 });
  assert.equal(exitCode, 0, stderr);
  return stdout.trimEnd().split('\n');
}

function parseResult(line: string) {
  const m = RESULT.exec(line);
  assert.ok(m, `not a RESULT line: ${line}`);
  const [, dataset, seeds, seed, ser, full, diff, se, gap] = m;
  return { dataset, seeds: Number(seeds), seed: Number(seed), ser: Number(ser), full: Number(full), diff: Number(diff), se: Number(se), gap };
}

describe('bench/ser-quality', () => {
  it('ends with one consistent RESULT line per dataset, after every table', async () => {
    const lines = await runBench(['--datasets', 'generated,generated']);
    const results = lines.filter((l) => l.startsWith('RESULT'));
    assert.equal(results.length, 2);
    assert.deepEqual(lines.slice(-2), results);
    for (const line of results) {
      const r = parseResult(line);
      assert.equal(r.dataset, 'generated');
      assert.equal(r.seeds, 2);
      // Each figure is rounded to 4 decimals, so diff and ser − seed agree within 1.5e-4.
      assert.ok(Math.abs(r.diff - (r.ser - r.seed)) <= 1.5e-4, line);
      assert.ok(r.full > r.seed, `these seeds have a gap to close: ${line}`);
      assert.ok(Math.abs(Number.parseFloat(r.gap) - (100 * r.diff) / (r.full - r.seed)) < 0.5, line);
    }
  });

  it('prints gap_closed=n/a when full labels do not beat seed-only', async () => {
    // Pure label noise: on seeds 5–6 the full-label RM scores below the seed RM.
    const r = parseResult((await runBench(['--datasets', 'generated', '--label-noise', '0.5', '--first-seed', '5'])).at(-1)!);
    assert.ok(r.full <= r.seed, `expected full ≤ seed on these seeds: ${JSON.stringify(r)}`);
    assert.equal(r.gap, 'n/a');
    assert.ok(Math.abs(r.diff - (r.ser - r.seed)) <= 1.5e-4);
  });

  it("defaults to workflows/ser.yaml's params", async () => {
    // The merged workflow: ser.yaml's params live in ser-base.yaml, which it extends.
    const { loaded } = await loadWorkflow(join(getProjectRoot(), 'workflows', 'ser.yaml'));
    const workflow = (name: string) => loaded!.workflow.params![name].default;
    // Every default the bench shares with the workflow, keyed by the bench's flag; generated-data knobs included.
    const expected: Record<string, unknown> = {
      'generated-pairs': workflow('generated_pairs'), 'label-noise': workflow('label_noise'),
      'tau-high': workflow('tau_high'), 'tau-low': workflow('tau_low'), 'tau-delta': workflow('tau_delta'), mode: workflow('mode'),
      'n-min': workflow('n_min'), center: workflow('center'), weight: workflow('pseudo_weight'), 'weight-by': workflow('weight_by'),
      ensemble: workflow('ensemble') ? workflow('ensemble_size') : 1, loops: workflow('max_loops'), warm: workflow('warm_start'), model: workflow('model'),
      epochs: workflow('epochs'), 'token-dropout': workflow('token_dropout'), 'max-len': workflow('max_len'), lr: workflow('lr'), dim: workflow('dim'),
    };
    // One seed at full recipe on 400 pairs (a few seconds): the header echoes every flag's value.
    const { exitCode, stdout, stderr } = await execa(process.execPath, [BENCH, '--datasets', 'generated', '--seeds', '1', '--generated-pairs', '400'], { reject: false, timeout: 60_000 });
    assert.equal(exitCode, 0, stderr);
    const header = stdout.split('\n').find((l) => l.startsWith('# SER quality bench'))!;
    const flags = JSON.parse(header.slice(header.indexOf('{'))) as Record<string, string | boolean>;
    for (const [name, value] of Object.entries(expected)) {
      if (name === 'generated-pairs') continue; // this run's only override
      assert.equal(String(flags[name]), String(value), `--${name}`);
    }
    // The second (selection-only) RM: ensemble_model/lr/epochs empty or 0 mean "as the first", as without --member-*.
    assert.deepEqual([workflow('ensemble_model'), workflow('ensemble_lr'), workflow('ensemble_epochs')], ['', 0, 0]);
    assert.ok(!('member-model' in flags) && !('member-lr' in flags) && !('member-epochs' in flags));
  });
});
