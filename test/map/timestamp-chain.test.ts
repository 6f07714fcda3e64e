import { describe, expect, it } from 'vitest';
import { parseIsoTime } from '../../src/core/map/parse-iso-time.js';
import { firstValidTime } from '../../src/core/map/timestamp-chain.js';

describe('parseIsoTime', () => {
  it('reads the legacy ISO form with milliseconds', () => {
    expect(parseIsoTime('2026-06-10T09:15:02.123Z')?.toISOString()).toBe('2026-06-10T09:15:02.123Z');
  });

  it('applies an offset', () => {
    expect(parseIsoTime('2026-06-10T11:15:02+02:00')?.toISOString()).toBe('2026-06-10T09:15:02.000Z');
  });

  it('takes a time without a zone as UTC', () => {
    expect(parseIsoTime('2026-06-10T09:15:02')?.toISOString()).toBe('2026-06-10T09:15:02.000Z');
  });

  it.each(['', 'yesterday', '1', '2026-02-30T10:00:00Z', '2026-13-01T00:00:00Z', '2026-06-10T24:00:00Z', '1718000000'])(
    'rejects %j instead of guessing',
    (text) => {
      expect(parseIsoTime(text)).toBeUndefined();
    },
  );
});

describe('firstValidTime', () => {
  it('takes the first valid candidate and says which', () => {
    const chosen = firstValidTime([
      { source: 'a', value: undefined },
      { source: 'b', value: '2026-06-10T09:15:02.123Z' },
      { source: 'c', value: new Date('2020-01-01T00:00:00Z') },
    ]);
    expect(chosen?.source).toBe('b');
    expect(chosen?.date.toISOString()).toBe('2026-06-10T09:15:02.123Z');
    expect(chosen?.invalid).toEqual([]);
  });

  it('falls through invalid text and invalid dates, reporting them', () => {
    const chosen = firstValidTime([
      { source: 'a', value: 'not a date' },
      { source: 'b', value: new Date(Number.NaN) },
      { source: 'c', value: new Date('2020-01-01T00:00:00Z') },
    ]);
    expect(chosen?.source).toBe('c');
    expect(chosen?.invalid).toEqual([
      { source: 'a', value: 'not a date' },
      { source: 'b', value: 'Invalid Date' },
    ]);
  });

  it('gives undefined when nothing is valid', () => {
    expect(firstValidTime([{ source: 'a', value: 'garbage' }, { source: 'b', value: undefined }])).toBeUndefined();
  });
});
