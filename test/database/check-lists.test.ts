import { describe, expect, it } from 'vitest';
import { checksByColumn } from '../../src/core/database/schema/check-lists.js';

describe('checksByColumn: what a CREATE TABLE’s CHECKs allow, per column', () => {
  it('reads column and table CHECKs, across lines, with comments, any quoting and doubled quotes', () => {
    const sql = `CREATE TABLE "t" (
      id TEXT PRIMARY KEY,
      -- a comment with CHECK (kind IN ('no'))
      kind TEXT NOT NULL DEFAULT 'a' CHECK (kind IN ('a', 'b')),
      "event_type" TEXT NOT NULL
        CHECK ("event_type" IN (
            'session_created',
            'it''s',  /* a block comment ) */
            'x'
        )),
      [mode] TEXT CHECK(((mode IN("on","off")))),
      payload TEXT NOT NULL CHECK (json_valid(payload)),
      CONSTRAINT both CHECK (\`Kind\` IN ('a'))
    )`;
    const checks = checksByColumn(sql, ['id', 'kind', 'event_type', 'mode', 'payload']);
    expect(checks.get('kind')).toEqual([
      { kind: 'list', values: ['a', 'b'] },
      { kind: 'list', values: ['a'] },
    ]);
    expect(checks.get('event_type')).toEqual([{ kind: 'list', values: ['session_created', "it's", 'x'] }]);
    expect(checks.get('mode')).toEqual([{ kind: 'list', values: ['on', 'off'] }]);
    expect(checks.get('payload')).toEqual([{ kind: 'other', text: 'CHECK (json_valid(payload))' }]);
    expect(checks.has('id')).toBe(false);
  });

  it('keeps a CHECK that is not a plain list as text, for every column it names', () => {
    const sql = "CREATE TABLE t (a TEXT, b TEXT, CHECK (a IN ('x') OR b = 'y'), CHECK (a NOT IN ('z')))";
    const checks = checksByColumn(sql, ['a', 'b']);
    expect(checks.get('a')).toEqual([
      { kind: 'other', text: "CHECK (a IN ('x') OR b = 'y')" },
      { kind: 'other', text: "CHECK (a NOT IN ('z'))" },
    ]);
    expect(checks.get('b')).toEqual([{ kind: 'other', text: "CHECK (a IN ('x') OR b = 'y')" }]);
  });

  it('ignores CHECK inside strings and columns it was not told about', () => {
    const sql = "CREATE TABLE t (a TEXT DEFAULT 'CHECK (a IN (1))', c TEXT CHECK (c IN ('q')))";
    expect([...checksByColumn(sql, ['a']).entries()]).toEqual([]);
  });
});
