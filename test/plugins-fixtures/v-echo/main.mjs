// Echoes inputs.message as outputs.text; n = count + 1.
import { runStep } from '../../../dist/steps/sdk/index.js';

await runStep(async ({ inputs, result }) => {
  result({ text: String(inputs.message), n: (inputs.count ?? 0) + 1 });
});
