import { FormatError, getArray, getObject, getString, type ParsedRecord } from './format-error.js';
import type { RawPair } from '../records.js';

/** The six comparisons of `preference`, in the dataset's order. */
const ORDER: Array<[number, number]> = [[1, 2], [1, 3], [1, 4], [2, 3], [2, 4], [3, 4]];

/** FineGrainedRLHF QA feedback: `question`, `prediction 1..4`, `preference` (1 = first wins, 2 = second, 0 = tie, dropped). */
export function parseFinegrainedQa(value: unknown): ParsedRecord {
  const record = getObject(value);
  const prompt = getString(record, 'question');
  const predictions = [1, 2, 3, 4].map((k) => getString(record, `prediction ${k}`));
  const preference = getArray(record, 'preference');
  if (preference.length !== ORDER.length) throw new FormatError(`expected "preference" to hold 6 values (1v2,1v3,1v4,2v3,2v4,3v4), got ${preference.length}`);
  const pairs: RawPair[] = [];
  let ties = 0;
  ORDER.forEach(([x, y], i) => {
    const p = preference[i];
    if (p === 0) ties++;
    else if (p === 1) pairs.push({ prompt, chosen: predictions[x - 1], rejected: predictions[y - 1] });
    else if (p === 2) pairs.push({ prompt, chosen: predictions[y - 1], rejected: predictions[x - 1] });
    else throw new FormatError(`expected "preference[${i}]" to be 0, 1 or 2, got ${JSON.stringify(p)}`);
  });
  return { pairs, ties };
}
