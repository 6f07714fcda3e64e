import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { V12_HARNESSES } from '../../src/testing/rewrite-schema/migrated-tables.js';
import { V82_HARNESSES } from '../../src/testing/rewrite-schema/shapes.js';
import {
  createRewriteDatabase,
  insertExistingProject,
  insertExistingSession,
  readMigratedTables,
  REWRITE_SHAPES,
  type RewriteShape,
} from '../../src/testing/rewrite-database.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ao-rewrite-fixture-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function query<T>(dbPath: string, sql: string): T[] {
  const db = new Database(dbPath, { fileMustExist: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

type Column = { name: string; type: string; notnull: number; dflt_value: string | null; pk: number };
const columns = (dbPath: string, table: string) =>
  query<Column>(dbPath, `PRAGMA table_info(${table})`).map(({ name, type, notnull, dflt_value, pk }) => [name, type, notnull, dflt_value, pk]);

/** rewrite-v12 §2, written out by hand. */
const V12_PROJECT_COLUMNS = [
  ['id', 'TEXT', 0, null, 1],
  ['path', 'TEXT', 1, null, 0],
  ['repo_origin_url', 'TEXT', 1, "''", 0],
  ['display_name', 'TEXT', 1, "''", 0],
  ['registered_at', 'TIMESTAMP', 1, null, 0],
  ['archived_at', 'TIMESTAMP', 0, null, 0],
  ['config', 'TEXT', 0, null, 0],
  ['kind', 'TEXT', 1, "'single_repo'", 0],
];
const V12_SESSION_COLUMNS = [
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
];
/** rewrite-today §2: what each later release adds to `sessions`, all with a default meaning "nothing set". */
const V23_SESSION_COLUMNS = [
  ['preview_url', 'TEXT', 1, "''", 0],
  ['preview_revision', 'INTEGER', 1, '0', 0],
];
const V82_SESSION_COLUMNS = [
  ['cleanup_generation', 'INTEGER', 1, '0', 0],
  ['runtime_launch_id', 'TEXT', 1, "''", 0],
  ['workspace_repo_path', 'TEXT', 1, "''", 0],
  ['terminate_on_pr_merge', 'BOOLEAN', 1, 'FALSE', 0],
  ['diff_base_sha', 'TEXT', 1, "''", 0],
  ['diff_base_ref', 'TEXT', 1, "''", 0],
  ['reviewer_harness', 'TEXT', 1, "''", 0],
  ['is_pinned', 'BOOLEAN', 1, '0', 0],
  ['pinned_at', 'DATETIME', 0, null, 0],
  ['session_mode', 'TEXT', 1, "'tui'", 0],
  ['provider_conversation_id', 'TEXT', 1, "''", 0],
  ['controller_generation', 'TEXT', 1, "''", 0],
  ['browser_capability_verifier', 'TEXT', 1, "''", 0],
  ['launched_harnesses', 'TEXT', 1, "'[]'", 0],
];
const SESSION_COLUMNS: Record<RewriteShape, unknown[]> = {
  v12: V12_SESSION_COLUMNS,
  v23: [...V12_SESSION_COLUMNS, ...V23_SESSION_COLUMNS],
  v82: [...V12_SESSION_COLUMNS, ...V23_SESSION_COLUMNS, ...V82_SESSION_COLUMNS],
};
const upTo = (n: number) => Array.from({ length: n + 1 }, (_, v) => v);
const GOOSE_VERSIONS: Record<RewriteShape, number[]> = {
  v12: upTo(12),
  v23: upTo(23).filter((v) => v !== 22),
  v82: upTo(82).filter((v) => ![22, 45, 46, 50, 51].includes(v) && !(v >= 54 && v <= 65)),
};

describe.each(REWRITE_SHAPES)('createRewriteDatabase(dir, %s)', (shape) => {
  let dbPath: string;
  beforeEach(() => {
    dbPath = createRewriteDatabase(dir, shape);
  });

  it('leaves ao.db at rest in WAL mode, as a stopped daemon does', () => {
    expect(fs.readdirSync(dir)).toEqual(['ao.db']);
    expect(query(dbPath, 'PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
  });

  it("records the release's goose versions, all applied", () => {
    expect(query(dbPath, 'SELECT version_id, is_applied FROM goose_db_version ORDER BY id')).toEqual(
      GOOSE_VERSIONS[shape].map((v) => ({ version_id: v, is_applied: 1 })),
    );
  });

  it("has v12's projects columns and v12's sessions columns first, then the release's own, each with a default", () => {
    expect(columns(dbPath, 'projects')).toEqual(V12_PROJECT_COLUMNS);
    expect(columns(dbPath, 'sessions')).toEqual(SESSION_COLUMNS[shape]);
  });

  it('has the UNIQUE (project_id, num), the foreign key and the index', () => {
    expect(query(dbPath, 'PRAGMA foreign_key_list(sessions)')).toMatchObject([{ table: 'projects', from: 'project_id', to: 'id' }]);
    const indexes = query<{ name: string; unique: number; origin: string }>(dbPath, 'PRAGMA index_list(sessions)');
    expect(indexes.find((index) => index.name === 'idx_sessions_project')).toMatchObject({ unique: 0, origin: 'c' });
    const unique = indexes.find((index) => index.origin === 'u');
    expect(query<{ name: string }>(dbPath, `PRAGMA index_info(${unique?.name})`).map((c) => c.name)).toEqual(['project_id', 'num']);
    expect(() => insertExistingSession(dbPath, { id: 'x-1', project_id: 'x', num: 1 })).toThrow(/FOREIGN KEY/);
    insertExistingProject(dbPath, { id: 'p', path: '/p' });
    insertExistingSession(dbPath, { id: 'p-1', project_id: 'p', num: 1 });
    expect(() => insertExistingSession(dbPath, { id: 'p-one', project_id: 'p', num: 1 })).toThrow(/UNIQUE/);
  });

  it("accepts exactly the release's harnesses", () => {
    const harnesses: readonly string[] = shape === 'v82' ? V82_HARNESSES : V12_HARNESSES;
    expect(harnesses).toHaveLength(shape === 'v82' ? 27 : 24);
    insertExistingProject(dbPath, { id: 'p', path: '/p' });
    harnesses.forEach((harness, num) => insertExistingSession(dbPath, { id: `p-${num}`, project_id: 'p', num, harness }));
    expect(() => insertExistingSession(dbPath, { id: 'p-99', project_id: 'p', num: 99, harness: 'claude' })).toThrow(/CHECK constraint failed/);
  });

  it('accepts the project kind scratch only from the desktop nightly on', () => {
    const insert = () => insertExistingProject(dbPath, { id: 'scratch', path: '/scratch', kind: 'scratch' });
    if (shape === 'v82') insert();
    else expect(insert).toThrow(/CHECK constraint failed/);
  });

  it('logs session_created through the trigger with the session update time; new columns take their defaults', () => {
    insertExistingProject(dbPath, { id: 'p', path: '/p' });
    insertExistingSession(dbPath, {
      id: 'p-1',
      project_id: 'p',
      num: 1,
      activity_state: 'waiting_input',
      is_terminated: 1,
      updated_at: '2026-03-04 05:06:07 +0000 UTC',
    });
    const { sessions, changeLog } = readMigratedTables(dbPath);
    const [entry, ...rest] = changeLog;
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({ seq: 1, project_id: 'p', session_id: 'p-1', event_type: 'session_created', created_at: '2026-03-04 05:06:07 +0000 UTC' });
    expect(JSON.parse(String(entry?.payload))).toEqual({ id: 'p-1', activity: 'waiting_input', isTerminated: true });
    if (shape !== 'v12') expect(sessions[0]).toMatchObject({ preview_url: '', preview_revision: 0 });
    if (shape === 'v82') expect(sessions[0]).toMatchObject({ session_mode: 'tui', pinned_at: null, is_pinned: 0 });
  });

  it('has every v12 table', () => {
    const names = query<{ name: string }>(dbPath, "SELECT name FROM sqlite_master WHERE type IN ('table', 'index') ORDER BY name").map((row) => row.name);
    const expected = ['pr', 'pr_checks', 'pr_comment', 'pr_review_threads', 'workspace_repos', 'session_worktrees', 'notifications', 'review', 'review_run', 'idx_change_log_project'];
    expect(names).toEqual(expect.arrayContaining(expected));
  });
});
