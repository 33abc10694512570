// "Same science, bit for bit" (#11): runs the shipped SER workflows for the configurations recorded before the
// workflow language changed (test/workflows/fixtures/recorded-before-11.json: ser, seed-only and full-labels for
// seeds 1–3, the README's HH configuration for seed 1, warm start, no ensemble, paper mode), each in a fresh
// run folder with --no-cache, and compares every recorded step output value. Prints one line per configuration
// and exits 1 on any difference.
// Usage: node dist/bench/same-science.js [--configs ser-s1,hh-s1] [--rm-only]
//   --rm-only: ser.yaml configurations skip the tail (SFT, PPO, policy evaluation); only RM-loop states compared.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { getProjectRoot } from '../engine/load/project-root.js';
import { diffOutputs, readComparableOutputs, type StepOutputs } from './recorded-outputs.js';

interface RecordedConfig {
  workflow: string;
  set: string[];
  steps: StepOutputs;
}

const TAIL_STATES = new Set(['sft', 'ppo', 'evaluate_policy']);
const root = getProjectRoot();
const recorded = JSON.parse(readFileSync(join(root, 'test/workflows/fixtures/recorded-before-11.json'), 'utf8')) as { configs: Record<string, RecordedConfig> };
const configsArg = process.argv.indexOf('--configs');
const names = configsArg >= 0 ? process.argv[configsArg + 1].split(',') : Object.keys(recorded.configs);
const rmOnly = process.argv.includes('--rm-only');

let failed = 0;
for (const name of names) {
  const config = recorded.configs[name];
  if (!config) throw new Error(`no recorded configuration '${name}'; recorded: ${Object.keys(recorded.configs).join(', ')}`);
  const data = config.set.find((s) => s.startsWith('dataset=../'));
  if (data && !existsSync(join(root, data.slice('dataset='.length)))) {
    console.log(`${name}: skipped (${data.slice('dataset='.length)} is not here)`);
    continue;
  }
  const skipTail = rmOnly && config.workflow.endsWith('/ser.yaml');
  const dir = mkdtempSync(join(tmpdir(), `same-science-${name}-`));
  try {
    const set = [...config.set, ...(skipTail ? ['rm_only=true'] : [])].flatMap((s) => ['--set', s]);
    const started = performance.now();
    const run = await execa(process.execPath, [join(root, 'dist/engine/cli/main.js'), 'run', config.workflow, '--no-cache', '--run-dir', dir, ...set], { cwd: root, reject: false, all: true });
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    if (run.exitCode !== 0) {
      failed += 1;
      console.log(`${name}: the run failed (exit ${run.exitCode})\n${run.all?.split('\n').slice(-15).join('\n')}`);
      continue;
    }
    const { compared, differences } = diffOutputs(config.steps, readComparableOutputs(dir), (state) => !skipTail || !TAIL_STATES.has(state));
    if (differences.length) failed += 1;
    console.log(`${name}: ${differences.length ? `${differences.length} DIFFERENCES` : 'identical'} (${compared} values, ${seconds} s)`);
    for (const d of differences.slice(0, 20)) console.log(`  ${d.step}${d.key ? `.${d.key}` : ''}: recorded ${JSON.stringify(d.recorded)}, now ${JSON.stringify(d.actual)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(failed ? `RESULT same-science: ${failed} configuration(s) differ` : 'RESULT same-science: identical');
process.exit(failed ? 1 : 0);
