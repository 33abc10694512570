import { join } from 'node:path';
import type { PpoInputs } from '../../../schemas/generated/steps/ppo.inputs.js';
import type { PpoOutputs } from '../../../schemas/generated/steps/ppo.outputs.js';
import { initStepBackend } from '../../lib/ml/backend/init-step-backend.js';
import { loadModel } from '../../lib/ml/io/model-files.js';
import { makeAdamState } from '../../lib/ml/policy/adam.js';
import { loadPolicyWithCodec } from '../../lib/ml/policy/load-policy-codec.js';
import { cloneParams } from '../../lib/ml/policy/policy-params.js';
import { savePolicy } from '../../lib/ml/policy/policy-store.js';
import { decodeResponse, encodeQuery } from '../../lib/ml/policy/policy-text.js';
import { makeKlController } from '../../lib/ml/ppo/adaptive-kl.js';
import { loadPpoCheckpoint, savePpoCheckpoint } from '../../lib/ml/ppo/ppo-checkpoint.js';
import { runPpo, type PpoMetrics, type PpoState } from '../../lib/ml/ppo/ppo-trainer.js';
import { scoreTexts } from '../../lib/ml/models/reward-model.js';
import { runStep, StepInputError, type WithDefaults } from '../../sdk/index.js';
import { readPrompts } from '../../lib/ml/policy/read-prompts.js';
import { summarizeCurve } from './summarize-curve.js';

type Inputs = WithDefaults<PpoInputs, 'outer_epochs' | 'batch_size' | 'mini_batch_size' | 'ppo_epochs' | 'learning_rate' | 'max_grad_norm' | 'length_min' | 'length_max' | 'temperature' | 'top_k' | 'top_p' | 'adaptive_kl' | 'init_kl_coef' | 'kl_target' | 'kl_horizon' | 'kl_estimator' | 'gamma' | 'lam' | 'cliprange' | 'cliprange_value' | 'vf_coef' | 'reward_baseline' | 'save_every' | 'backend'>;

await runStep<Inputs>(async (ctx) => {
  const started = Date.now();
  const { inputs, request } = ctx;
  const { batch_size, mini_batch_size, ppo_epochs, learning_rate, max_grad_norm, outer_epochs } = inputs;
  const { length_min, length_max, temperature, top_k, top_p } = inputs;
  const { adaptive_kl, init_kl_coef, kl_target, kl_horizon, kl_estimator } = inputs;
  const { gamma, lam, cliprange, cliprange_value, vf_coef, reward_baseline } = inputs;
  const { save_every, backend, seed = request.seed } = inputs;
  if (length_max <= length_min) throw new StepInputError(`ppo: length_max (${length_max}) must be above length_min (${length_min}); LengthSampler's max is exclusive`);
  const choice = await initStepBackend(backend, ctx.log);

  let sft, rm, prompts;
  try {
    sft = loadPolicyWithCodec(inputs.policy_dir);
    rm = loadModel(inputs.reward_model).model;
    prompts = readPrompts(inputs.prompts);
  } catch (error) {
    throw new StepInputError(`ppo: ${(error as Error).message}`);
  }
  const { config, codec } = sft;
  const maxPromptTokens = Number(sft.extra?.max_prompt_tokens ?? 48);
  const queries = prompts.map((p) => encodeQuery(codec, config, p, maxPromptTokens));
  const promptOf = new Map(queries.map((q, i) => [q, prompts[i]!]));
  const totalSteps = inputs.steps ?? Math.ceil(prompts.length / batch_size) * outer_epochs;

  const checkpointDir = join(request.output_dir, 'checkpoint');
  const saved = loadPpoCheckpoint(checkpointDir);
  const history: PpoMetrics[] = saved?.history ?? [];
  const state: PpoState = saved?.state ?? {
    step: 0,
    params: cloneParams(sft.params),
    adam: makeAdamState(sft.params),
    kl: makeKlController({ kind: adaptive_kl ? 'adaptive' : 'fixed', initCoef: init_kl_coef, target: kl_target, horizon: kl_horizon }),
    rngState: seed >>> 0,
  };
  const resumedFrom = state.step;
  ctx.log('info', resumedFrom > 0 ? `ppo: resuming at step ${resumedFrom} of ${totalSteps} from ${checkpointDir}` : `ppo: ${totalSteps} steps over ${prompts.length} prompts, backend ${choice.name}`);

  await runPpo({
    state,
    reference: sft.params,
    config,
    queries,
    totalSteps,
    settings: {
      batchSize: batch_size,
      miniBatchSize: mini_batch_size,
      ppoEpochs: ppo_epochs,
      learningRate: learning_rate,
      maxGradNorm: max_grad_norm,
      lengthMin: length_min,
      lengthMax: length_max,
      sampling: { temperature, topK: top_k, topP: top_p },
      klEstimator: kl_estimator,
      gamma,
      lam,
      cliprange,
      cliprangeValue: cliprange_value,
      vfCoef: vf_coef,
      seed,
    },
    score: async (batchQueries, responses) => {
      const texts = responses.map((r) => decodeResponse(codec, config, r));
      const raw = await scoreTexts(rm, batchQueries.map((q) => promptOf.get(q)!), texts);
      return Array.from(raw, (r) => 1 / (1 + Math.exp(-r)) - reward_baseline);
    },
    signal: ctx.signal,
    onStep: async (step, metrics, current) => {
      history.push(metrics);
      for (const [name, value] of Object.entries(metrics)) ctx.metric(name, value, step);
      ctx.progress(step, totalSteps, `rlhf_reward ${metrics['objective/rlhf_reward']!.toFixed(3)}, kl ${metrics['objective/kl']!.toFixed(3)}`);
      if (step % save_every === 0 || step === totalSteps) await savePpoCheckpoint(checkpointDir, current, history);
    },
  });
  if (ctx.signal.aborted) {
    await savePpoCheckpoint(checkpointDir, state, history);
    ctx.log('warn', `ppo: terminated; checkpoint at step ${state.step} in ${checkpointDir}, the next attempt continues from it`);
    return;
  }
  const policyDir = join(request.output_dir, 'policy');
  await savePolicy(policyDir, {
    config,
    tokenizer: sft.tokenizer,
    params: state.params,
    extra: { ...sft.extra, trained_by: 'ppo', implementation: 'tfjs', backend: choice.name, ppo_steps: state.step, reference: inputs.policy_dir },
  });
  ctx.artifact('policy', policyDir);
  const curve = summarizeCurve(history);
  const outputs: PpoOutputs = {
    policy_dir: policyDir,
    steps: state.step,
    resumed_from: resumedFrom,
    rlhf_reward_first: curve.first('objective/rlhf_reward'),
    rlhf_reward_last: curve.last('objective/rlhf_reward'),
    scores_first: curve.first('objective/scores'),
    scores_last: curve.last('objective/scores'),
    kl_first: curve.first('objective/kl'),
    kl_last: curve.last('objective/kl'),
    kl_coef_final: state.kl.value,
    seconds: (Date.now() - started) / 1000,
    backend: choice.name,
  };
  ctx.result(outputs as unknown as Record<string, unknown>);
});
