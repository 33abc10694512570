import assert from 'node:assert/strict';
import { initBackend } from '../../../../../steps/lib/ml/backend/init-backend.js';
import { makeAdamState, disposeAdamState } from '../../../../../steps/lib/ml/policy/adam.js';
import { getSpecialIds, makePolicyConfig } from '../../../../../steps/lib/ml/policy/policy-config.js';
import { cloneParams, disposeParams, makePolicyParams } from '../../../../../steps/lib/ml/policy/policy-params.js';
import { getSequenceStats } from '../../../../../steps/lib/ml/policy/sequence-stats.js';
import { makeKlController } from '../../../../../steps/lib/ml/ppo/adaptive-kl.js';
import { runPpo, getBatchIndices, type PpoMetrics, type PpoSettings } from '../../../../../steps/lib/ml/ppo/ppo-trainer.js';

// A 6-token task whose optimum is known: the score is the share of response tokens equal to TARGET,
// so with a small KL coefficient the best policy emits TARGET at every position.
const TARGET = 5;

describe('PPO on a tiny task with a known optimum', function () {
  this.timeout(120_000);
  before(async () => {
    await initBackend('auto');
  });

  it('learns to emit the rewarded token (score → 1, P(target) > 0.9)', async () => {
    // EOS (6 + 2 = 8) is banned so every response has its sampled length.
    const config = makePolicyConfig({ tokenizerVocab: 6, context: 2, embedDim: 16, hiddenDim: 32, bannedIds: [8] });
    const { bos, sep } = getSpecialIds(config);
    const params = makePolicyParams(config, 3);
    const reference = cloneParams(params);
    const queries = [0, 1, 2, 3].map((t) => [bos, t, sep]);
    const settings: PpoSettings = {
      batchSize: 8, miniBatchSize: 1, ppoEpochs: 4, learningRate: 0.01, maxGradNorm: 1,
      lengthMin: 3, lengthMax: 6, sampling: { temperature: 1, topK: 0, topP: 1 }, klEstimator: 'k1',
      gamma: 1, lam: 0.95, cliprange: 0.2, cliprangeValue: 0.2, vfCoef: 0.1, seed: 1,
    };
    const history: PpoMetrics[] = [];
    const state = await runPpo({
      state: { step: 0, params, adam: makeAdamState(params), kl: makeKlController({ kind: 'fixed', initCoef: 0.01 }), rngState: 7 },
      reference, config, queries, totalSteps: 25, settings,
      score: async (_q, responses) => responses.map((r) => r.filter((t) => t === TARGET).length / r.length),
      onStep: async (_step, metrics) => void history.push(metrics),
    });
    const first = history.slice(0, 3).reduce((a, m) => a + m['objective/scores']!, 0) / 3;
    const last = history.slice(-3).reduce((a, m) => a + m['objective/scores']!, 0) / 3;
    assert.ok(first < 0.4, `initial score ${first} should be near chance (1/6)`);
    assert.ok(last > 0.9, `final score ${last} should approach the optimum 1`);
    // The greedy-free check: the policy's own probability of TARGET after a query.
    const { logp } = await getSequenceStats({ params: state.params, config, rows: [[bos, 0, sep, TARGET]], starts: [3] });
    assert.ok(Math.exp(logp[0]![0]!) > 0.9, `P(target) = ${Math.exp(logp[0]![0]!)}`);
    assert.equal(state.step, 25);
    for (const name of ['objective/kl', 'objective/kl_coef', 'objective/rlhf_reward', 'policy/approxkl_avg', 'policy/clipfrac_avg', 'val/ratio', 'loss/policy_avg', 'loss/value_avg']) {
      assert.ok(Number.isFinite(history.at(-1)![name]), `metric ${name} is logged`);
    }
    disposeAdamState(state.adam);
    disposeParams(state.params);
    disposeParams(reference);
  });

  it('the adaptive controller raises β step by step while the measured KL stays above target', async () => {
    const config = makePolicyConfig({ tokenizerVocab: 6, context: 2, embedDim: 16, hiddenDim: 32, bannedIds: [8] });
    const { bos, sep } = getSpecialIds(config);
    const params = makePolicyParams(config, 4);
    const reference = cloneParams(params);
    const history: PpoMetrics[] = [];
    // Target 1e-4 with horizon 80 and batch 8: every step with KL above 1.2e-4 multiplies β by 1.02.
    const state = await runPpo({
      state: { step: 0, params, adam: makeAdamState(params), kl: makeKlController({ initCoef: 0.01, target: 1e-4, horizon: 80 }), rngState: 3 },
      reference, config, queries: [[bos, 0, sep], [bos, 1, sep]], totalSteps: 8,
      settings: {
        batchSize: 8, miniBatchSize: 2, ppoEpochs: 2, learningRate: 0.02, maxGradNorm: 1, lengthMin: 4, lengthMax: 5,
        sampling: {}, klEstimator: 'k3', gamma: 1, lam: 0.95, cliprange: 0.2, cliprangeValue: 0.2, vfCoef: 0.1, seed: 2,
      },
      score: async (_q, responses) => responses.map((r) => r.filter((t) => t === TARGET).length / r.length),
      onStep: async (_step, metrics) => void history.push(metrics),
    });
    // Each step's β is the previous β moved by that step's measured KL, with n = batch size (8).
    for (let i = 1; i < history.length; i++) {
      const previous = history[i - 1]!;
      const error = Math.max(-0.2, Math.min(0.2, previous['objective/kl']! / 1e-4 - 1));
      const expected = previous['objective/kl_coef']! * (1 + (error * 8) / 80);
      assert.ok(Math.abs(history[i]!['objective/kl_coef']! - expected) < 1e-12, `step ${i + 1}: β ${history[i]!['objective/kl_coef']} vs ${expected}`);
    }
    assert.ok(state.kl.value > 0.01, `β rose from 0.01 to ${state.kl.value}`);
    disposeAdamState(state.adam);
    disposeParams(state.params);
    disposeParams(reference);
  });

  it('walks the prompts in seeded passes: every prompt once per pass, same batches on every call', () => {
    const a = [0, 1, 2].flatMap((step) => getBatchIndices({ step, batchSize: 4, count: 6, seed: 9 }));
    assert.deepEqual([...a.slice(0, 6)].sort(), [0, 1, 2, 3, 4, 5]);
    assert.deepEqual([...a.slice(6, 12)].sort(), [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(getBatchIndices({ step: 2, batchSize: 4, count: 6, seed: 9 }), a.slice(8, 12));
  });
});
