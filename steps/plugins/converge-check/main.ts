import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { ConvergeCheckInputs } from '../../../schemas/generated/steps/converge-check.inputs.js';
import type { ConvergeCheckOutputs } from '../../../schemas/generated/steps/converge-check.outputs.js';
import { runStep, StepInputError, type WithDefaults } from '../../sdk/index.js';
import { checkConvergence } from '../../lib/ser/check-convergence.js';

// The dev-accuracy history travels from visit to visit as history.json: each visit reads the previous one's.
type Inputs = WithDefaults<ConvergeCheckInputs, 'min_delta' | 'patience'>;

await runStep<Inputs>(async (ctx) => {
  const { status, loop, max_loops, dev_accuracy, baseline_dev_accuracy, history, min_delta, patience } = ctx.inputs;
  let devHistory: number[] = [];
  if (history) {
    try {
      devHistory = (JSON.parse(readFileSync(history, 'utf8')) as { dev_history: number[] }).dev_history;
    } catch (error) {
      throw new StepInputError(`converge-check: cannot read history ${history}: ${(error as Error).message}; pass the previous visit's \`history\` output, or nothing on the first loop`);
    }
  } else if (typeof baseline_dev_accuracy === 'number') {
    devHistory = [baseline_dev_accuracy];
  }
  if (typeof dev_accuracy === 'number') devHistory = [...devHistory, dev_accuracy];
  const decision = checkConvergence({ status, loop, maxLoops: max_loops, devHistory, minDelta: min_delta, patience });
  const file = join(ctx.request.output_dir, 'history.json');
  await writeFileAtomic(file, JSON.stringify({ dev_history: devHistory }) + '\n');
  const outputs: ConvergeCheckOutputs = { ...decision, loops_done: loop + 1, dev_history: devHistory, history: file };
  ctx.log('info', `loop ${loop}: ${decision.converged ? `converged (${decision.reason})` : 'continue'}`);
  ctx.result({ ...outputs });
});
