import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { EvaluatePolicyInputs } from '../../../schemas/generated/steps/evaluate-policy.inputs.js';
import type { EvaluatePolicyOutputs } from '../../../schemas/generated/steps/evaluate-policy.outputs.js';
import { initStepBackend } from '../../lib/ml/backend/init-step-backend.js';
import { loadModel } from '../../lib/ml/io/model-files.js';
import { scoreTexts } from '../../lib/ml/models/reward-model.js';
import { generateResponses } from '../../lib/ml/policy/generate.js';
import { loadPolicyWithCodec } from '../../lib/ml/policy/load-policy-codec.js';
import { decodeResponse, encodeQuery } from '../../lib/ml/policy/policy-text.js';
import { getSequenceStats } from '../../lib/ml/policy/sequence-stats.js';
import { makeLengthSampler } from '../../lib/ml/ppo/length-sampler.js';
import { makeRng } from '../../lib/random/seeded-random.js';
import { readPrompts } from '../../lib/ml/policy/read-prompts.js';
import { runStep, StepInputError, type WithDefaults } from '../../sdk/index.js';
import { makeGoldScorer } from './gold-scorer.js';
import { computeWinRate, getMean } from './win-rate.js';

type Inputs = WithDefaults<EvaluatePolicyInputs, 'count' | 'length_min' | 'length_max' | 'temperature' | 'top_k' | 'top_p' | 'backend'>;

await runStep<Inputs>(async (ctx) => {
  const { inputs, request } = ctx;
  const { count, length_min, length_max, temperature, top_k, top_p, backend, seed = request.seed } = inputs;
  if (length_max <= length_min) throw new StepInputError(`evaluate-policy: length_max (${length_max}) must be above length_min (${length_min})`);
  await initStepBackend(backend, ctx.log);
  let sft, ppo, proxy, gold, prompts;
  try {
    sft = loadPolicyWithCodec(inputs.sft_policy);
    ppo = loadPolicyWithCodec(inputs.ppo_policy);
    proxy = loadModel(inputs.reward_model).model;
    gold = makeGoldScorer({ gold: inputs.gold || undefined, goldModel: inputs.gold_model || undefined });
    prompts = readPrompts(inputs.prompts, count);
  } catch (error) {
    throw new StepInputError(`evaluate-policy: ${(error as Error).message}`);
  }
  if (JSON.stringify(sft.config) !== JSON.stringify(ppo.config)) {
    throw new StepInputError(`evaluate-policy: ${inputs.ppo_policy} and ${inputs.sft_policy} have different architectures; pass the SFT policy the PPO run started from`);
  }
  const { config, codec } = sft;
  const maxPromptTokens = Number(sft.extra?.max_prompt_tokens ?? 48);
  const queries = prompts.map((p) => encodeQuery(codec, config, p, maxPromptTokens));
  const lengthRng = makeRng(seed);
  const sampleLength = makeLengthSampler({ min: length_min, max: length_max, rng: lengthRng });
  // The same length for both policies on a prompt: length alone moves a summed gold reward.
  const lengths = queries.map(() => sampleLength());
  const sampling = { temperature, topK: top_k, topP: top_p };
  const sftIds = generateResponses({ params: sft.params, config, queries, lengths, rng: makeRng(seed + 1), ...sampling });
  ctx.progress(1, 4, 'sampled SFT');
  const ppoIds = generateResponses({ params: ppo.params, config, queries, lengths, rng: makeRng(seed + 2), ...sampling });
  ctx.progress(2, 4, 'sampled PPO');
  const sftTexts = sftIds.map((r) => decodeResponse(codec, config, r));
  const ppoTexts = ppoIds.map((r) => decodeResponse(codec, config, r));
  const sigmoid = (r: number) => 1 / (1 + Math.exp(-r));
  const proxySft = Array.from(await scoreTexts(proxy, prompts, sftTexts), sigmoid);
  const proxyPpo = Array.from(await scoreTexts(proxy, prompts, ppoTexts), sigmoid);
  if (!gold) ctx.log('warn', 'evaluate-policy: no gold reward (gold or gold_model); reporting the proxy RM only, so over-optimisation cannot show');
  const goldSft = gold ? await gold.score(prompts, sftTexts) : undefined;
  const goldPpo = gold ? await gold.score(prompts, ppoTexts) : undefined;
  ctx.progress(3, 4, 'scored');

  const rows = queries.map((q, i) => [...q, ...ppoIds[i]!]);
  const starts = queries.map((q) => q.length);
  const onPpo = await getSequenceStats({ params: ppo.params, config, rows, starts, temperature });
  const onSft = await getSequenceStats({ params: sft.params, config, rows, starts, temperature });
  const kls = onPpo.logp.map((lp, i) => lp.reduce((s, v, t) => s + v - onSft.logp[i]![t]!, 0));

  const samplesFile = join(request.output_dir, 'samples.jsonl');
  const lines = prompts.map((prompt, i) =>
    JSON.stringify({ prompt, sft: sftTexts[i], ppo: ppoTexts[i], proxy_sft: proxySft[i], proxy_ppo: proxyPpo[i], gold_sft: goldSft?.[i] ?? null, gold_ppo: goldPpo?.[i] ?? null, kl: kls[i] }),
  );
  await writeFileAtomic(samplesFile, lines.join('\n') + '\n');
  ctx.artifact('samples', samplesFile);
  const outputs: EvaluatePolicyOutputs = {
    prompts: prompts.length,
    proxy_reward_sft: getMean(proxySft),
    proxy_reward_ppo: getMean(proxyPpo),
    gold_reward_sft: goldSft ? getMean(goldSft) : null,
    gold_reward_ppo: goldPpo ? getMean(goldPpo) : null,
    gold_win_rate: goldSft && goldPpo ? computeWinRate(goldPpo, goldSft) : null,
    proxy_win_rate: computeWinRate(proxyPpo, proxySft),
    kl_to_reference: getMean(kls),
    gold_source: gold?.source ?? 'none',
    samples: samplesFile,
  };
  for (const [name, value] of Object.entries(outputs)) if (typeof value === 'number') ctx.metric(`eval/${name}`, value);
  const show = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : x.toFixed(3));
  ctx.log('info', `proxy reward SFT ${show(outputs.proxy_reward_sft)} → PPO ${show(outputs.proxy_reward_ppo)}; gold SFT ${show(outputs.gold_reward_sft)} → PPO ${show(outputs.gold_reward_ppo)}; gold win rate ${show(outputs.gold_win_rate)}; KL ${show(outputs.kl_to_reference)}`);
  ctx.progress(4, 4, 'done');
  ctx.result(outputs as unknown as Record<string, unknown>);
});
