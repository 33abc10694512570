// Converged when score >= threshold (default 0.5).
import { runStep } from '../../../dist/steps/sdk/index.js';

await runStep(async ({ inputs, result }) => {
  result({ converged: inputs.score >= (inputs.threshold ?? 0.5), score: inputs.score });
});
