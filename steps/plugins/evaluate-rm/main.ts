import type { EvaluateRmInputs } from '../../../schemas/generated/steps/evaluate-rm.inputs.js';
import type { EvaluateRmOutputs } from '../../../schemas/generated/steps/evaluate-rm.outputs.js';
import { initStepBackend } from '../../lib/ml/backend/init-step-backend.js';
import { loadModel } from '../../lib/ml/io/model-files.js';
import { readInput } from '../../lib/ml/io/read-input.js';
import { readPoolLabels, readPoolPairs, readTrainPairs } from '../../lib/data/read-ser-files.js';
import { evaluatePairs } from '../../lib/ml/train/evaluate-pairs.js';
import { runStep, type WithDefaults } from '../../sdk/index.js';
import { computeLengthDiff, computePseudoLabelPrecision } from './admitted-metrics.js';
import { computeLengthAccuracy } from './length-accuracy.js';

type Inputs = WithDefaults<EvaluateRmInputs, 'backend'>;

await runStep<Inputs>(async (ctx) => {
  const { model: modelDir, test, admitted, hidden_labels: hiddenLabels, pool, backend: requested } = ctx.inputs;
  const backend = await initStepBackend(requested, ctx.log);
  const { model } = readInput('model', () => loadModel(modelDir));
  const testPairs = readInput('test', () => readTrainPairs(test));
  const metrics = await evaluatePairs(model, testPairs);
  const outputs: EvaluateRmOutputs = {
    accuracy: metrics.accuracy,
    ties: metrics.ties,
    accuracy_ties_correct: metrics.accuracyTiesCorrect,
    margin: metrics.margin,
    reward_mean: metrics.rewardMean,
    reward_std: metrics.rewardStd,
    test_pairs: testPairs.length,
    length_accuracy: computeLengthAccuracy(testPairs),
    backend: backend.name,
    implementation: 'tfjs',
  };
  if (admitted !== undefined) {
    const files = Array.isArray(admitted) ? admitted : [admitted];
    const pairs = files.flatMap((file) => readInput('admitted', () => readTrainPairs(file)));
    outputs.admitted = pairs.length;
    outputs.length_diff = computeLengthDiff(pairs);
    if (hiddenLabels && pool) {
      const labels = readInput('hidden_labels', () => readPoolLabels(hiddenLabels));
      const poolPairs = new Map(readInput('pool', () => readPoolPairs(pool)).map((p) => [p.id, p]));
      outputs.pseudo_label_precision = computePseudoLabelPrecision({ admitted: pairs, labels, pool: poolPairs });
    } else if (hiddenLabels || pool) {
      ctx.log('warn', 'pseudo_label_precision needs both hidden_labels and pool; skipped');
    }
  }
  for (const [name, value] of Object.entries(outputs)) if (typeof value === 'number') ctx.metric(name, value);
  ctx.result(outputs as unknown as Record<string, unknown>);
});
