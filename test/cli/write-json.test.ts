import { describe, expect, it } from 'vitest';
import { writeJson } from '../../src/cli/write-json.js';

function written(value: object): { text: string; chunks: number } {
  const chunks: string[] = [];
  writeJson(value, (chunk) => chunks.push(chunk));
  return { text: chunks.join(''), chunks: chunks.length };
}

describe('writeJson (the --json output, written in pieces)', () => {
  it('writes exactly what JSON.stringify(value, null, 2) writes, plus a newline', () => {
    const report = {
      reportVersion: 1,
      dryRun: false,
      target: { dbPath: '/data/ao.db', schemaVersion: 12, backupPath: null },
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

  it('hands a large report over in several chunks, not as one string', () => {
    const sessions = Array.from({ length: 20_000 }, (_, i) => ({ id: `p-${i}`, reason: 'x'.repeat(100) }));
    const { text, chunks } = written({ sessions });
    expect(chunks).toBeGreaterThan(1);
    expect(JSON.parse(text)).toEqual({ sessions });
  });
});
