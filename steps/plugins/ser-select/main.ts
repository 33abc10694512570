import { join } from 'node:path';
import type { SerSelectInputs } from '../../../schemas/generated/steps/ser-select.inputs.js';
import type { SerSelectOutputs } from '../../../schemas/generated/steps/ser-select.outputs.js';
import { writeJsonl } from '../../lib/data/jsonl.js';
import { readLabeledPairs, readPairScores, readPoolPairs } from '../../lib/data/read-ser-files.js';
import { runStep, StepInputError, type WithDefaults } from '../../sdk/index.js';
import { averageScores } from '../../lib/ser/average-scores.js';
import { centerScores } from '../../lib/ser/center-scores.js';
import { accumulateTraining, selectPairs } from '../../lib/ser/select-pairs.js';

// Selection reads only the pool, the RM's scores and the training set: the pool's labels are never an input.
type Inputs = WithDefaults<SerSelectInputs, 'tau_high' | 'tau_low' | 'tau_delta' | 'mode' | 'n_min' | 'weight' | 'weight_by' | 'ensemble_scores' | 'targets' | 'smoothing' | 'revise' | 'center'>;

await runStep<Inputs>(async (ctx) => {
  const { pool: poolFile, scores: scoresFile, train: trainFile, loop, rm, mode, n_min, max_admit, weight, weight_by, center } = ctx.inputs;
  const { ensemble_scores, targets, smoothing, revise } = ctx.inputs;
  const thresholds = { tauHigh: ctx.inputs.tau_high, tauLow: ctx.inputs.tau_low, tauDelta: ctx.inputs.tau_delta };
  const read = <T>(read: (file: string) => T[], file: string, what: string): T[] => {
    try {
      return read(file);
    } catch (error) {
      throw new StepInputError(`ser-select: cannot read the ${what} file: ${(error as Error).message}`);
    }
  };
  const pool = read(readPoolPairs, poolFile, 'pool');
  // Each RM's rewards are centred on their own before averaging: independently trained RMs share no offset.
  const centred = [scoresFile, ...ensemble_scores].map((file, k) => centerScores(read(readPairScores, file, k === 0 ? 'scores' : `ensemble_scores[${k - 1}]`), center));
  const train = read(readLabeledPairs, trainFile, 'train');
  let selection;
  let nextTrain;
  try {
    selection = selectPairs({ pool, scores: averageScores(centred.map((c) => c.scores)), thresholds, mode, nMin: n_min, maxAdmit: max_admit, loop, rm, weight, weightBy: weight_by });
    nextTrain = accumulateTraining(train, selection.admitted, { revise, targets, smoothing });
  } catch (error) {
    throw new StepInputError(`ser-select: ${(error as Error).message}`);
  }
  const out = ctx.request.output_dir;
  const paths = { admitted: join(out, 'admitted.jsonl'), train: join(out, 'train.jsonl'), pool: join(out, 'pool.jsonl') };
  await writeJsonl(paths.admitted, selection.admitted);
  await writeJsonl(paths.train, nextTrain);
  await writeJsonl(paths.pool, selection.remaining);
  const outputs: SerSelectOutputs = {
    status: selection.status,
    admitted: selection.admitted.length,
    admitted_file: paths.admitted,
    train: paths.train,
    train_size: nextTrain.length,
    pool: paths.pool,
    pool_size: selection.remaining.length,
    scored_pool: poolFile,
    status1_count: selection.status1Count,
    status2_count: selection.status2Count,
    center_offset: centred[0].offset,
  };
  ctx.log('info', `loop ${loop}: ${outputs.status}, admitted ${outputs.admitted} of ${pool.length} (status1 ${outputs.status1_count}, status2 ${outputs.status2_count}); train ${outputs.train_size}, pool left ${outputs.pool_size}`);
  for (const name of ['admitted', 'pool_size', 'train_size', 'status1_count', 'status2_count'] as const) ctx.metric(name, outputs[name], loop);
  ctx.result({ ...outputs });
});
