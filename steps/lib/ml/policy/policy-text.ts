import { getSpecialIds, type PolicyConfig } from './policy-config.js';

/** What the policy needs from the shared tokenizer: text ↔ ids in [0, vocabSize). */
export interface TextCodec {
  vocabSize: number;
  encode(text: string): number[];
  decode(ids: readonly number[]): string;
}

/** [BOS, …prompt (its last maxPromptTokens), SEP]: what the policy continues. */
export function encodeQuery(codec: TextCodec, config: PolicyConfig, prompt: string, maxPromptTokens = 48): number[] {
  const { bos, sep } = getSpecialIds(config);
  return [bos, ...codec.encode(prompt).slice(-maxPromptTokens), sep];
}

/** A training row: query, response ids, EOS; `start` is the index of the first response token. */
export function encodeSftRow(
  codec: TextCodec,
  config: PolicyConfig,
  prompt: string,
  response: string,
  { maxPromptTokens = 48, maxResponseTokens = 48 }: { maxPromptTokens?: number; maxResponseTokens?: number } = {},
) {
  const { eos } = getSpecialIds(config);
  const query = encodeQuery(codec, config, prompt, maxPromptTokens);
  return { row: [...query, ...codec.encode(response).slice(0, maxResponseTokens), eos], start: query.length };
}

/** Response text without the policy's own special ids. */
export function decodeResponse(codec: TextCodec, config: PolicyConfig, ids: readonly number[]): string {
  return codec.decode(ids.filter((id) => id < config.tokenizerVocab));
}
