// Accuracies chosen so the experiment's statistics can be worked out by hand (test/engine/report/experiment).
import { runStep } from '../../../dist/steps/sdk/index.js';

const ACCURACY = {
  seed: { 1: 0.7, 2: 0.72, 3: 0.71 },
  ser: { 1: 0.74, 2: 0.73, 3: 0.71 },
  full: { 1: 0.78, 2: 0.76, 3: 0.75 },
};

await runStep(async ({ inputs, result }) => {
  const { method, seed, loop, loops, gap, fail } = inputs;
  if (fail) throw new Error(`x-accuracy fails on purpose (${method}, seed ${seed})`);
  if (method === 'select') return result({ admitted: 10 * loop + seed, loop });
  if (method === 'seed') return result({ accuracy: ACCURACY.seed[seed], length_accuracy: 0.6 + seed / 100 });
  if (method === 'full') return result({ accuracy: ACCURACY.full[seed] + gap });
  result({ accuracy: ACCURACY.ser[seed] - (loops - loop) / 100, pseudo_label_precision: 1 - loop / 10, loop });
});
