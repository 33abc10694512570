import { FormatError, getArray, getObject, getString, type ParsedRecord } from './format-error.js';
import type { RawPair } from '../records.js';

/** Like stack-exchange-paired: at most this many pairs per question, so long threads don't dominate. */
export const MAX_PAIRS_PER_QUESTION = 10;

/**
 * StackExchange preferences: `question`, `answers[{text, pm_score}]`. Answers are ordered by score; every
 * two answers with different scores make a pair (the higher wins), first the adjacent ranks. Equal scores are ties.
 */
export function parseStackExchange(value: unknown): ParsedRecord {
  const record = getObject(value);
  const prompt = getString(record, 'question');
  const answers = getArray(record, 'answers').map((a, i) => {
    const answer = getObject(a, `answers[${i}]`);
    const score = answer.pm_score ?? answer.score;
    if (typeof score !== 'number') throw new FormatError(`expected "answers[${i}].pm_score" to be a number, got ${JSON.stringify(score)}`);
    return { text: getString(answer, 'text', `answers[${i}].text`), score };
  });
  const ranked = answers.map((a, i) => ({ ...a, i })).sort((x, y) => y.score - x.score || x.i - y.i);
  const pairs: RawPair[] = [];
  let ties = 0;
  for (let gap = 1; gap < ranked.length; gap++) {
    for (let i = 0; i + gap < ranked.length; i++) {
      const [hi, lo] = [ranked[i], ranked[i + gap]];
      if (hi.score === lo.score) ties++;
      else if (pairs.length < MAX_PAIRS_PER_QUESTION) pairs.push({ prompt, chosen: hi.text, rejected: lo.text });
    }
  }
  return { pairs, ties };
}
