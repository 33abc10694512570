// Sleeps inputs.ms, then records {label, start, end, cuda, cwd} in $G_WORK_LOG and outputs value (+ data's length).
// A relative `data` path means the folder the run started in (SER_FLOW_CWD), as for any well-behaved plugin.
// The log is named by the environment, not an input, so that it does not enter the step's cache key.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runStep } from '../../../dist/steps/sdk/index.js';

await runStep(async ({ inputs, request, result, signal }) => {
  const start = Date.now();
  await sleep(inputs.ms ?? 0, undefined, { signal });
  const cuda = process.env.CUDA_VISIBLE_DEVICES ?? '';
  if (process.env.G_WORK_LOG) appendFileSync(process.env.G_WORK_LOG, JSON.stringify({ label: inputs.label, start, end: Date.now(), cuda, request_gpus: request.gpus, run_cwd: process.env.SER_FLOW_CWD }) + '\n');
  // G_WORK_IGNORE_EXIT=1 stands for "the cause was fixed" (a redrive test).
  if (inputs.exit && process.env.G_WORK_IGNORE_EXIT !== '1') process.exit(inputs.exit);
  const value = (inputs.value ?? 0) + (inputs.data ? readFileSync(resolve(process.env.SER_FLOW_CWD ?? process.cwd(), inputs.data)).length : 0);
  const out = join(request.output_dir, 'value.txt');
  writeFileSync(out, String(value));
  result({ value, out });
});
