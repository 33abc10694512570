// A TypeScript plugin run from source: the engine starts it with tsx's ESM loader.
import { runStep } from '../../../steps/sdk/index.js';

await runStep<{ value: number }>(async ({ inputs, result }) => {
  result({ doubled: inputs.value * 2 });
});
