// Crashes (exit 1, message on stderr) until it has been invoked more than inputs.failures times.
import { appendFileSync, readFileSync } from 'node:fs';
import { runStep } from '../../../dist/steps/sdk/index.js';

await runStep(async ({ inputs, result }) => {
  appendFileSync(inputs.counter, 'x\n');
  const invocations = readFileSync(inputs.counter, 'utf8').split('\n').filter(Boolean).length;
  if (invocations <= inputs.failures) {
    console.error(`r-flaky: crashing on purpose (invocation ${invocations}, fails the first ${inputs.failures})`);
    process.exit(1);
  }
  result({ invocations });
});
