import { parseIsoTime } from './parse-iso-time.js';

/** One link of a fallback chain: where a value came from, and the value as found. */
export interface TimeCandidate<Source extends string> {
  source: Source;
  /** ISO text from a legacy file, or a `Date` (file mtimes, epoch conversions); absent when unset. */
  value: string | Date | undefined;
}

export interface ChosenTime<Source extends string> {
  date: Date;
  source: Source;
  /** Candidates that were set but are not a real time, in chain order, with the text found. */
  invalid: { source: Source; value: string }[];
}

/**
 * The first candidate that is a real time (migration-rules §3: a bad or
 * missing timestamp falls through to the next, never to garbage). Returns
 * `undefined` only when no candidate is valid.
 */
export function firstValidTime<Source extends string>(
  candidates: readonly TimeCandidate<Source>[],
  parse: (text: string) => Date | undefined = parseIsoTime,
): ChosenTime<Source> | undefined {
  const invalid: { source: Source; value: string }[] = [];
  for (const { source, value } of candidates) {
    if (value === undefined) continue;
    const date = typeof value === 'string' ? parse(value) : validDate(value);
    if (date) return { date, source, invalid };
    invalid.push({ source, value: typeof value === 'string' ? value : 'Invalid Date' });
  }
  return undefined;
}

function validDate(date: Date): Date | undefined {
  return Number.isNaN(date.getTime()) ? undefined : date;
}
