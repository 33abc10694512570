import { FormatError, getObject, getString, type ParsedRecord } from './format-error.js';

const ASSISTANT = '\n\nAssistant:';

/**
 * Anthropic HH-RLHF: `chosen`/`rejected` are whole dialogues; the answer is after the LAST `\n\nAssistant:`.
 * The prompt is the chosen dialogue's (the two differ before the last turn in 5 of the 2,312 harmless-base test pairs).
 */
export function parseHhRlhf(value: unknown): ParsedRecord {
  const record = getObject(value);
  const chosen = splitDialogue(getString(record, 'chosen'), 'chosen');
  const rejected = splitDialogue(getString(record, 'rejected'), 'rejected');
  return { pairs: [{ prompt: chosen.prompt, chosen: chosen.response, rejected: rejected.response }], ties: 0 };
}

/** The prompt keeps the trailing `\n\nAssistant:` marker so the scored text reads like the original dialogue. */
export function splitDialogue(dialogue: string, field: string): { prompt: string; response: string } {
  const at = dialogue.lastIndexOf(ASSISTANT);
  if (at < 0) throw new FormatError(`"${field}" has no "\\n\\nAssistant:" turn; HH-RLHF dialogues end with the assistant's answer`);
  return { prompt: dialogue.slice(0, at + ASSISTANT.length), response: dialogue.slice(at + ASSISTANT.length).trim() };
}
