import { FormatError, getArray, getObject, getString, type ParsedRecord } from './format-error.js';

/** UltraFeedback-binarized: `prompt`, and `chosen`/`rejected` as chat message lists ending with the answer. */
export function parseUltraFeedback(value: unknown): ParsedRecord {
  const record = getObject(value);
  const prompt = getString(record, 'prompt');
  return { pairs: [{ prompt, chosen: getLastAssistant(record, 'chosen'), rejected: getLastAssistant(record, 'rejected') }], ties: 0 };
}

function getLastAssistant(record: Record<string, unknown>, key: string): string {
  const messages = getArray(record, key);
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = getObject(messages[i], `${key}[${i}]`);
    if (message.role === 'assistant') return getString(message, 'content', `${key}[${i}].content`);
  }
  throw new FormatError(`"${key}" has no message with role "assistant"`);
}
