import type { ParsedRecord } from './format-error.js';
import { parseFinegrainedQa } from './finegrained-qa.js';
import { parseGeneric } from './generic.js';
import { parseHhRlhf } from './hh-rlhf.js';
import { parseStackExchange } from './stack-exchange.js';
import { parseSummarize } from './summarize.js';
import { parseUltraFeedback } from './ultrafeedback.js';

export const FORMATS = ['hh-rlhf', 'ultrafeedback', 'summarize', 'stack-exchange', 'finegrained-qa', 'generic'] as const;
export type DataFormat = (typeof FORMATS)[number];

export const PARSERS: Record<DataFormat, (value: unknown) => ParsedRecord> = {
  'hh-rlhf': parseHhRlhf,
  ultrafeedback: parseUltraFeedback,
  summarize: parseSummarize,
  'stack-exchange': parseStackExchange,
  'finegrained-qa': parseFinegrainedQa,
  generic: parseGeneric,
};

/** Recognises a format from the keys of one record; undefined when none fits. */
export function detectFormat(value: unknown): DataFormat | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const r = value as Record<string, unknown>;
  if (Array.isArray(r.preference) && 'prediction 1' in r) return 'finegrained-qa';
  if (Array.isArray(r.summaries) && 'info' in r) return 'summarize';
  if (Array.isArray(r.answers) && 'question' in r) return 'stack-exchange';
  if (Array.isArray(r.chosen) && Array.isArray(r.rejected)) return 'ultrafeedback';
  if (typeof r.chosen === 'string' && typeof r.rejected === 'string') return typeof r.prompt === 'string' ? 'generic' : 'hh-rlhf';
  // Generic answers that are numbers or booleans (read as their text, with a warning).
  if (typeof r.prompt === 'string' && isScalar(r.chosen) && isScalar(r.rejected)) return 'generic';
  return undefined;
}

function isScalar(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}
