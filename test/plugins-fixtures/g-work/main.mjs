// Sleeps inputs.ms, then records {label, start, end, cuda} in $G_WORK_LOG and outputs value (+ data's length).
// The log is named by the environment, not an input, so that it does not enter the step's cache key.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runStep } from '../../../dist/steps/sdk/index.js';

await runStep(async ({ inputs, request, result, signal }) => {
  const start = Date.now();
  await sleep(inputs.ms ?? 0, undefined, { signal });
  const cuda = process.env.CUDA_VISIBLE_DEVICES ?? '';
  if (process.env.G_WORK_LOG) appendFileSync(process.env.G_WORK_LOG, JSON.stringify({ label: inputs.label, start, end: Date.now(), cuda, request_gpus: request.gpus }) + '\n');
  if (inputs.exit) process.exit(inputs.exit);
  const value = (inputs.value ?? 0) + (inputs.data ? readFileSync(inputs.data).length : 0);
  const out = join(request.output_dir, 'value.txt');
  writeFileSync(out, String(value));
  result({ value, out });
});
