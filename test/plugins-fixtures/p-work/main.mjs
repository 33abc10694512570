// Logs start/end with pids, sleeps, optionally starts a sleeping child, fails until a file exists; outputs value * 2.
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { runStep } from '../../../dist/steps/sdk/index.js';

await runStep(async ({ inputs, result, progress, signal }) => {
  const child = inputs.child ? spawn(process.execPath, ['-e', `setTimeout(() => {}, ${inputs.ms})`], { stdio: 'ignore' }).pid : undefined;
  const log = (event) => inputs.log && appendFileSync(inputs.log, JSON.stringify({ label: inputs.label, event, t: Date.now(), pid: process.pid, child, cuda: process.env.CUDA_VISIBLE_DEVICES }) + '\n');
  log('start');
  if (inputs.progress) progress(inputs.progress, 4, inputs.label);
  const stopped = await sleep(inputs.ms, false, { signal }).catch(() => true);
  if (stopped) return;
  if (inputs.fail_unless_exists && !existsSync(inputs.fail_unless_exists)) {
    log('fail');
    process.exit(1);
  }
  log('end');
  result({ value: inputs.value * 2, label: inputs.label, note: inputs.note });
});
