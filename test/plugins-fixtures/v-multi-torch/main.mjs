import { runStep } from '../../../dist/steps/sdk/index.js';

await runStep(async ({ result }) => result({ implementation: 'torch' }));
