import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeJson } from '../src/core/write-json.js';

function written(value: object): { text: string; chunks: string[] } {
  const chunks: string[] = [];
  writeJson(value, (chunk) => chunks.push(chunk));
  return { text: chunks.join(''), chunks };
}

describe('writeJson (the --json report and the ledger, written in pieces)', () => {
  it('writes exactly what JSON.stringify(value, null, 2) writes, plus a newline', () => {
    const report = {
      reportVersion: 1,
      dryRun: false,
      target: { dbPath: '/data/ao.db', schemaVersion: 12, backupPath: null, when: new Date(0) },
      projects: [],
      sessions: [
        { id: 'a-1', resumeBlockers: [], reason: 'quote " backslash \\ newline \n tab \t', nested: { list: [1, [2, []], {}] } },
        { id: 'a-2', resumeBlockers: ['one', 'two'], resumeCommand: 'ao session restore a-2' },
      ],
      sparse: [undefined, () => 1, null, 'ünïcode ✓ \u2028'],
      skippedKey: undefined,
      skippedFunction: () => 1,
      counts: { created: 2, skipped: 0 },
    };
    expect(written(report).text).toBe(`${JSON.stringify(report, null, 2)}\n`);
    expect(written({}).text).toBe(`${JSON.stringify({}, null, 2)}\n`);
  });

  it('writes long arrays at any depth as JSON.stringify does, also beside and inside small ones', () => {
    const long = (n: number, item: (i: number) => unknown) => Array.from({ length: n }, (_, i) => item(i));
    const ledger = {
      ledgerVersion: 1,
      runs: [
        { runId: 'r1', sessions: long(200, (i) => ({ id: `p-${i}`, notes: i % 7 === 0 ? [] : [`n\n${i}`] })), transcripts: [] },
        { runId: 'r2', sessions: [], nested: [[long(130, (i) => i)], { deeper: { list: long(65, () => undefined) } }] },
        ...long(70, (i) => ({ runId: `small-${i}` })),
      ],
    };
    expect(written(ledger).text).toBe(`${JSON.stringify(ledger, null, 2)}\n`);

    const scalar = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined));
    // Long arrays (of scalars and small objects) anywhere in a small tree: where slices begin and end is what can go wrong.
    const longArray = fc.array(fc.oneof(scalar, fc.dictionary(fc.string({ maxLength: 3 }), scalar, { maxKeys: 2 })), { minLength: 60, maxLength: 140 });
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        scalar,
        longArray,
        fc.array(tie('value'), { maxLength: 3 }),
        fc.dictionary(fc.string({ maxLength: 4 }), tie('value'), { maxKeys: 4 }),
      ),
    }));
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 4 }), json.value, { maxKeys: 4 }), (value) => {
        expect(written(value).text).toBe(`${JSON.stringify(value, null, 2)}\n`);
      }),
      { numRuns: 200 },
    );
  });

  it('hands a large report or ledger over in several chunks, none of them large', () => {
    const sessions = Array.from({ length: 20_000 }, (_, i) => ({ id: `p-${i}`, reason: 'x'.repeat(100) }));
    for (const value of [{ sessions }, { runs: [{ sessions }] }]) {
      const { text, chunks } = written(value);
      expect(chunks.length).toBeGreaterThan(1);
      expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(128 * 1024);
      expect(JSON.parse(text)).toEqual(value);
    }
  });
});
