// Outputs inputs.value + 1 after an optional sleep; appends its label to inputs.counter when given.
import { appendFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { runStep } from '../../../dist/steps/sdk/index.js';

await runStep(async ({ inputs, request, result, progress, metric, signal }) => {
  if (inputs.counter) appendFileSync(inputs.counter, `${inputs.label ?? ''}\n`);
  if (inputs.bad_event) appendFileSync(request.events_file, '{"type":"metric","name":"oops"}\nnot json\n');
  const steps = 4;
  for (let i = 1; i <= steps; i++) {
    await sleep((inputs.sleep_ms ?? 0) / steps, undefined, { signal });
    progress(i, steps, 'adding');
  }
  metric('value', inputs.value + 1);
  result({ value: inputs.value + 1 });
});
