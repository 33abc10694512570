import { resolve } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { ScorePairsInputs } from '../../../schemas/generated/steps/score-pairs.inputs.js';
import type { ScorePairsOutputs } from '../../../schemas/generated/steps/score-pairs.outputs.js';
import { initStepBackend } from '../../lib/ml/backend/init-step-backend.js';
import { loadModel } from '../../lib/ml/io/model-files.js';
import { readInput } from '../../lib/ml/io/read-input.js';
import { readPoolPairs } from '../../lib/data/read-ser-files.js';
import { scoreTexts } from '../../lib/ml/models/reward-model.js';
import { summarizeRewards } from '../../lib/ml/train/evaluate-pairs.js';
import { runStep, type WithDefaults } from '../../sdk/index.js';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

type Inputs = WithDefaults<ScorePairsInputs, 'backend' | 'batch_size'>;

await runStep<Inputs>(async (ctx) => {
  const { model: modelDir, pairs: pairsFile, backend: requested, batch_size: batchSize } = ctx.inputs;
  const backend = await initStepBackend(requested, ctx.log);
  const { model } = readInput('model', () => loadModel(modelDir));
  const pool = readInput('pairs', () => readPoolPairs(pairsFile));
  const prompts = pool.map((p) => p.prompt);
  ctx.progress(0, 2, `scoring ${pool.length} pairs`);
  const rA = await scoreTexts(model, prompts, pool.map((p) => p.a), batchSize);
  ctx.progress(1, 2);
  const rB = await scoreTexts(model, prompts, pool.map((p) => p.b), batchSize);
  ctx.progress(2, 2);
  const lines = pool.map((p, i) => JSON.stringify({ id: p.id, r_a: rA[i], r_b: rB[i], p_a: sigmoid(rA[i]), p_b: sigmoid(rB[i]) }));
  const scores = resolve(ctx.request.output_dir, 'scores.jsonl');
  await writeFileAtomic(scores, lines.length ? lines.join('\n') + '\n' : '');
  const all = new Float32Array(rA.length * 2);
  all.set(rA);
  all.set(rB, rA.length);
  const { mean, std } = summarizeRewards(all);
  ctx.artifact('scores', scores);
  const outputs: ScorePairsOutputs = {
    scores,
    count: pool.length,
    reward_mean: pool.length ? mean : 0,
    reward_std: pool.length ? std : 0,
    backend: backend.name,
    implementation: 'tfjs',
  };
  ctx.result(outputs as unknown as Record<string, unknown>);
});
