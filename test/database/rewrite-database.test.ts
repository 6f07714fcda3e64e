import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { V12_HARNESSES } from '../../src/testing/v12-schema.js';
import {
  createDatabaseAtVersion,
  createV12Database,
  insertExistingProject,
  insertExistingSession,
  readV12Contents,
} from '../../src/testing/v12-fixture.js';

let dir: string;
let dbPath: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ao-v12-fixture-'));
  dbPath = createV12Database(dir);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function query<T>(sql: string): T[] {
  const db = new Database(dbPath, { fileMustExist: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

type Column = { name: string; type: string; notnull: number; dflt_value: string | null; pk: number };
const columns = (table: string) =>
  query<Column>(`PRAGMA table_info(${table})`).map(({ name, type, notnull, dflt_value, pk }) => [
    name,
    type,
    notnull,
    dflt_value,
    pk,
  ]);

describe('createV12Database', () => {
  it('leaves ao.db at rest in WAL mode, as a stopped daemon does', () => {
    expect(fs.readdirSync(dir)).toEqual(['ao.db']);
    expect(query<{ journal_mode: string }>('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
  });

  it('records versions 0…12, all applied', () => {
    expect(query('SELECT version_id, is_applied FROM goose_db_version ORDER BY id')).toEqual(
      Array.from({ length: 13 }, (_, v) => ({ version_id: v, is_applied: 1 })),
    );
  });

  it('has the projects columns of the spec', () => {
    expect(columns('projects')).toEqual([
      ['id', 'TEXT', 0, null, 1],
      ['path', 'TEXT', 1, null, 0],
      ['repo_origin_url', 'TEXT', 1, "''", 0],
      ['display_name', 'TEXT', 1, "''", 0],
      ['registered_at', 'TIMESTAMP', 1, null, 0],
      ['archived_at', 'TIMESTAMP', 0, null, 0],
      ['config', 'TEXT', 0, null, 0],
      ['kind', 'TEXT', 1, "'single_repo'", 0],
    ]);
  });

  it('has the sessions columns of the spec, its UNIQUE, foreign key and index', () => {
    expect(columns('sessions')).toEqual([
      ['id', 'TEXT', 0, null, 1],
      ['project_id', 'TEXT', 1, null, 0],
      ['num', 'INTEGER', 1, null, 0],
      ['issue_id', 'TEXT', 1, "''", 0],
      ['kind', 'TEXT', 1, "'worker'", 0],
      ['harness', 'TEXT', 1, "''", 0],
      ['activity_state', 'TEXT', 1, "'idle'", 0],
      ['activity_last_at', 'TIMESTAMP', 1, null, 0],
      ['is_terminated', 'BOOLEAN', 1, 'FALSE', 0],
      ['branch', 'TEXT', 1, "''", 0],
      ['workspace_path', 'TEXT', 1, "''", 0],
      ['runtime_handle_id', 'TEXT', 1, "''", 0],
      ['agent_session_id', 'TEXT', 1, "''", 0],
      ['prompt', 'TEXT', 1, "''", 0],
      ['created_at', 'TIMESTAMP', 1, null, 0],
      ['updated_at', 'TIMESTAMP', 1, null, 0],
      ['display_name', 'TEXT', 1, "''", 0],
      ['first_signal_at', 'TIMESTAMP', 0, null, 0],
    ]);
    expect(query('PRAGMA foreign_key_list(sessions)')).toMatchObject([{ table: 'projects', from: 'project_id', to: 'id' }]);
    const indexes = query<{ name: string; unique: number; origin: string }>('PRAGMA index_list(sessions)');
    expect(indexes.find((index) => index.name === 'idx_sessions_project')).toMatchObject({ unique: 0, origin: 'c' });
    const unique = indexes.find((index) => index.origin === 'u');
    expect(query<{ name: string }>(`PRAGMA index_info(${unique?.name})`).map((c) => c.name)).toEqual([
      'project_id',
      'num',
    ]);
  });

  it('accepts exactly the 24 harnesses of the CHECK list', () => {
    expect(V12_HARNESSES).toHaveLength(24);
    insertExistingProject(dbPath, { id: 'p', path: '/p' });
    V12_HARNESSES.forEach((harness, num) => insertExistingSession(dbPath, { id: `p-${num}`, project_id: 'p', num, harness }));
    expect(() => insertExistingSession(dbPath, { id: 'p-99', project_id: 'p', num: 99, harness: 'claude' })).toThrow(
      /CHECK constraint failed/,
    );
  });

  it('refuses a session of an unknown project, and a second session with the same num', () => {
    expect(() => insertExistingSession(dbPath, { id: 'x-1', project_id: 'x', num: 1 })).toThrow(/FOREIGN KEY/);
    insertExistingProject(dbPath, { id: 'p', path: '/p' });
    insertExistingSession(dbPath, { id: 'p-1', project_id: 'p', num: 1 });
    expect(() => insertExistingSession(dbPath, { id: 'p-one', project_id: 'p', num: 1 })).toThrow(/UNIQUE/);
  });

  it('logs session_created through the trigger with the session update time', () => {
    insertExistingProject(dbPath, { id: 'p', path: '/p' });
    insertExistingSession(dbPath, {
      id: 'p-1',
      project_id: 'p',
      num: 1,
      activity_state: 'waiting_input',
      is_terminated: 1,
      updated_at: '2026-03-04 05:06:07 +0000 UTC',
    });
    const [entry, ...rest] = readV12Contents(dbPath).changeLog;
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      seq: 1,
      project_id: 'p',
      session_id: 'p-1',
      event_type: 'session_created',
      created_at: '2026-03-04 05:06:07 +0000 UTC',
    });
    expect(JSON.parse(String(entry?.payload))).toEqual({ id: 'p-1', activity: 'waiting_input', isTerminated: true });
  });

  it('has the other v12 tables, and the change_log index', () => {
    const names = query<{ name: string }>("SELECT name FROM sqlite_master WHERE type IN ('table', 'index') ORDER BY name").map(
      (row) => row.name,
    );
    const expected = [
      'pr',
      'pr_checks',
      'pr_comment',
      'pr_review_threads',
      'workspace_repos',
      'session_worktrees',
      'notifications',
      'review',
      'review_run',
      'idx_change_log_project_seq',
    ];
    expect(names).toEqual(expect.arrayContaining(expected));
  });
});

describe('createDatabaseAtVersion', () => {
  it('records versions 0…N', () => {
    const other = path.join(dir, 'v11');
    const v11 = createDatabaseAtVersion(other, 11);
    const db = new Database(v11, { fileMustExist: true });
    try {
      expect(db.prepare('SELECT MAX(version_id) AS max, COUNT(*) AS n FROM goose_db_version').get()).toEqual({ max: 11, n: 12 });
    } finally {
      db.close();
    }
  });
});
