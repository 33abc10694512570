import { getStringField, readJsonl } from '../../data/jsonl.js';

/** The `prompt` of every line of a .jsonl file (ppo-prompts.jsonl, or any split with prompts). */
export function readPrompts(file: string, limit = Infinity): string[] {
  const prompts = readJsonl(file).slice(0, limit).map((r) => getStringField(r, 'prompt'));
  if (prompts.length === 0) throw new Error(`${file} has no prompts; expected {id, prompt} per line (prepare-data's ppo-prompts.jsonl)`);
  return prompts;
}
