import { detectFormat, FORMATS, PARSERS, type DataFormat } from './formats/detect-format.js';
import { FormatError } from './formats/format-error.js';
import { MalformedRecordError, readRecords } from './read-records.js';
import type { RawPair } from './records.js';

export interface LoadPairsOptions {
  file: string;
  format?: DataFormat | 'auto';
  onMalformed?: 'fail' | 'skip';
}

/** Everything that did not become a pair, by reason: nothing is dropped without being counted. */
export interface SkipCounts {
  /** Records that were not JSON or did not fit the format (only with onMalformed 'skip'). */
  malformed: number;
  /** Comparisons the source marks as ties (FineGrainedRLHF 0, StackExchange equal scores). */
  ties: number;
  /** Pairs whose chosen and rejected answers are the same text: they carry no preference. */
  identical: number;
}

export interface LoadedPairs {
  format: DataFormat;
  pairs: RawPair[];
  skipped: SkipCounts;
  /** The first few malformed-record messages (file:line: reason), for the step's log. */
  problems: string[];
  /** Where (file:line) each record with a number or boolean answer read as text is. */
  converted: string[];
  /** 1-based numbers of the lines that are not valid UTF-8. */
  invalidUtf8Lines: number[];
}

const MAX_PROBLEMS = 20;

/** Loads preference pairs from a data file in any supported format. Malformed records fail with file:line, or are counted. */
export function loadPairs({ file, format = 'auto', onMalformed = 'fail' }: LoadPairsOptions): LoadedPairs {
  const { records, malformed, invalidUtf8Lines } = readRecords(file, onMalformed);
  const skipped: SkipCounts = { malformed: malformed.length, ties: 0, identical: 0 };
  const problems = malformed.slice(0, MAX_PROBLEMS).map((m) => m.message);
  const resolved = format === 'auto' ? detectFromRecords(records.map((r) => r.value), file) : format;
  const parse = PARSERS[resolved];
  const pairs: RawPair[] = [];
  const converted: string[] = [];
  for (const { value, where } of records) {
    let parsed;
    try {
      parsed = parse(value);
    } catch (error) {
      if (!(error instanceof FormatError)) throw error;
      const problem = new MalformedRecordError(where, `${error.message} (format ${resolved}); fix the record, or set on_malformed: skip to count and skip it`);
      if (onMalformed === 'fail') throw problem;
      skipped.malformed++;
      if (problems.length < MAX_PROBLEMS) problems.push(problem.message);
      continue;
    }
    skipped.ties += parsed.ties;
    if (parsed.converted) converted.push(where);
    for (const pair of parsed.pairs) {
      if (pair.chosen === pair.rejected) skipped.identical++;
      else pairs.push(pair);
    }
  }
  return { format: resolved, pairs, skipped, problems, converted, invalidUtf8Lines };
}

function detectFromRecords(values: unknown[], file: string): DataFormat {
  for (const value of values.slice(0, 20)) {
    const format = detectFormat(value);
    if (format) return format;
  }
  if (values.length === 0) throw new MalformedRecordError(file, 'it holds no records; give a data file with at least one record');
  throw new MalformedRecordError(file, `cannot tell the data format from its first records; set format to one of ${FORMATS.join(', ')}`);
}
