import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { diffOutputs, readComparableOutputs, type StepOutputs } from '../../bench/recorded-outputs.js';
import { ROOT } from '../steps/lib/ser/run-plugin.js';

const run = promisify(execFile);
const recorded = JSON.parse(readFileSync(join(ROOT, 'test/workflows/fixtures/recorded-before-11.json'), 'utf8')) as {
  configs: Record<string, { workflow: string; set: string[]; steps: StepOutputs }>;
};
const TAIL_STATES = new Set(['sft', 'ppo', 'evaluate_policy']);

// The workflows were rewritten in the #11 language (templates, extends, vars, fan-out); their step outputs must
// be the ones recorded before, value for value. bench/same-science.ts checks all 13 recorded configurations.
describe('SER workflows give the outputs recorded before the #11 rewrite', () => {
  for (const name of ['seed-only-s1', 'full-labels-s1', 'ser-s1']) {
    it(`${name}${name.startsWith('ser') ? ' (RM loop; tail skipped)' : ''}`, async function () {
      this.timeout(300_000);
      const config = recorded.configs[name];
      const skipTail = config.workflow.endsWith('/ser.yaml');
      const dir = mkdtempSync(join(tmpdir(), `same-science-${name}-`));
      try {
        const set = [...config.set, ...(skipTail ? ['rm_only=true'] : [])].flatMap((s) => ['--set', s]);
        await run(process.execPath, [join(ROOT, 'dist/engine/cli/main.js'), 'run', config.workflow, '--no-cache', '--run-dir', dir, ...set], { cwd: ROOT, maxBuffer: 64 << 20 });
        const { compared, differences } = diffOutputs(config.steps, readComparableOutputs(dir), (state) => !skipTail || !TAIL_STATES.has(state));
        assert.deepEqual(differences, []);
        assert.ok(compared > (skipTail ? 100 : 20), `only ${compared} values compared`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
