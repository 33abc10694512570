import { FormatError, getArray, getObject, getString, type ParsedRecord } from './format-error.js';

/** summarize-from-feedback comparisons: `info.post` (+ title), two `summaries[].text`, `choice` = index of the preferred one. */
export function parseSummarize(value: unknown): ParsedRecord {
  const record = getObject(value);
  const info = getObject(record.info, 'info');
  const post = getString(info, 'post', 'info.post');
  const title = typeof info.title === 'string' ? info.title : '';
  const summaries = getArray(record, 'summaries');
  if (summaries.length !== 2) throw new FormatError(`expected "summaries" to hold 2 summaries, got ${summaries.length}`);
  const texts = summaries.map((s, i) => getString(getObject(s, `summaries[${i}]`), 'text', `summaries[${i}].text`));
  const choice = record.choice;
  if (choice !== 0 && choice !== 1) throw new FormatError(`expected "choice" to be 0 or 1, got ${JSON.stringify(choice)}`);
  const prompt = title ? `${title}\n\n${post}` : post;
  return { pairs: [{ prompt, chosen: texts[choice].trim(), rejected: texts[1 - choice].trim() }], ties: 0 };
}
