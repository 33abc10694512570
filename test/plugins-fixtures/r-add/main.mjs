// Outputs inputs.value + 1 after an optional sleep; appends its label to inputs.counter when given.
import { appendFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { runStep } from '../../../dist/steps/sdk/index.js';

await runStep(async ({ inputs, request, result, progress, metric, signal }) => {
  if (inputs.counter) appendFileSync(inputs.counter, `${inputs.label ?? ''}\n`);
  if (inputs.bad_event) appendFileSync(request.events_file, '{"type":"metric","name":"oops"}\nnot json\n');
  const steps = 4;
  for (let i = 1; i <= steps; i++) {
    // On SIGTERM, stop quietly: the SDK then exits 143 (a real plugin would checkpoint here).
    const stopped = await sleep((inputs.sleep_ms ?? 0) / steps, false, { signal }).catch(() => true);
    if (stopped) return;
    progress(i, steps, 'adding');
  }
  for (let step = 1; step <= (inputs.train_steps ?? 0); step++) metric('loss', 1 / step, step);
  metric('value', inputs.value + 1);
  result({ value: inputs.value + 1 });
});
