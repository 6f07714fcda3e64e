import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { GOOSE_VERSION_TABLE_DDL, V12_MIGRATED_TABLES_DDL, V12_OTHER_TABLES_DDL } from './v12-schema.js';

/**
 * Test fixture for the rewrite's database: creates `ao.db` as the daemon
 * leaves it after `ao start` / `ao stop` (schema v12, WAL mode, connection
 * closed so no `-wal`/`-shm` is left), and seeds or damages it.
 */

/** Creates `<dataDir>/ao.db` at schema v12 (goose rows 0…12, all applied); returns its path. */
export function createV12Database(dataDir: string): string {
  return createDatabaseAtVersion(dataDir, 12);
}

/**
 * Creates `<dataDir>/ao.db` whose goose table records versions 0…`version`.
 * The tables are v12's whatever the version: the migration's guard reads only
 * `goose_db_version`, so that is what a v11 or v13 fixture has to differ in.
 */
export function createDatabaseAtVersion(dataDir: string, version: number): string {
  fs.mkdirSync(dataDir, { recursive: true });
  const dbPath = path.join(dataDir, 'ao.db');
  if (fs.existsSync(dbPath)) throw new Error(`createDatabaseAtVersion: ${dbPath} already exists`);
  withDatabase(dbPath, (db) => {
    db.pragma('journal_mode = WAL');
    db.exec(GOOSE_VERSION_TABLE_DDL + V12_MIGRATED_TABLES_DDL + V12_OTHER_TABLES_DDL);
    const insert = db.prepare('INSERT INTO goose_db_version (version_id, is_applied) VALUES (?, 1)');
    for (let v = 0; v <= version; v += 1) insert.run(v);
  }, { create: true });
  return dbPath;
}

/** Ways a goose table can disagree with a daemon-made v12 database. */
export type VersionTableDamage =
  /** Version 6's row is gone; MAX(version_id) is still 12. */
  | 'missing-middle-version'
  /** Version 7's row says `is_applied = 0`. */
  | 'unapplied-row'
  /** The table exists but has no rows. */
  | 'no-rows'
  /** There is no `goose_db_version` table at all. */
  | 'no-table';

export function damageVersionTable(dbPath: string, damage: VersionTableDamage): void {
  const statement = {
    'missing-middle-version': 'DELETE FROM goose_db_version WHERE version_id = 6',
    'unapplied-row': 'UPDATE goose_db_version SET is_applied = 0 WHERE version_id = 7',
    'no-rows': 'DELETE FROM goose_db_version',
    'no-table': 'DROP TABLE goose_db_version',
  }[damage];
  withDatabase(dbPath, (db) => db.exec(statement));
}

/** A `projects` row already in the rewrite's database; timestamps are raw text in any layout. */
export interface ExistingProjectInput {
  id: string;
  path: string;
  repo_origin_url?: string;
  display_name?: string;
  registered_at?: string;
  archived_at?: string | null;
  config?: string | null;
  kind?: string;
}

export function insertExistingProject(dbPath: string, project: ExistingProjectInput): void {
  const row = {
    repo_origin_url: '',
    display_name: '',
    registered_at: '2026-01-05 09:00:00 +0000 UTC',
    archived_at: null,
    config: null,
    kind: 'single_repo',
    ...project,
  };
  withDatabase(dbPath, (db) => insertRow(db, 'projects', row));
}

/** A `sessions` row already in the rewrite's database; timestamps are raw text in any layout. */
export interface ExistingSessionInput {
  id: string;
  project_id: string;
  num: number;
  issue_id?: string;
  kind?: string;
  harness?: string;
  activity_state?: string;
  activity_last_at?: string;
  is_terminated?: 0 | 1;
  branch?: string;
  workspace_path?: string;
  runtime_handle_id?: string;
  agent_session_id?: string;
  prompt?: string;
  created_at?: string;
  updated_at?: string;
  display_name?: string;
  first_signal_at?: string | null;
}

export function insertExistingSession(dbPath: string, session: ExistingSessionInput): void {
  const row = {
    issue_id: '',
    kind: 'worker',
    harness: 'claude-code',
    activity_state: 'idle',
    activity_last_at: '2026-01-05 09:30:00 +0000 UTC',
    is_terminated: 0,
    branch: '',
    workspace_path: '',
    runtime_handle_id: '',
    agent_session_id: '',
    prompt: '',
    created_at: '2026-01-05 09:00:00 +0000 UTC',
    updated_at: '2026-01-05 09:30:00 +0000 UTC',
    display_name: '',
    first_signal_at: null,
    ...session,
  };
  withDatabase(dbPath, (db) => {
    db.pragma('foreign_keys = ON');
    insertRow(db, 'sessions', row);
  });
}

/** Every row of the tables the migration writes, in a stable order, as SQLite returns them. */
export interface V12Contents {
  projects: Record<string, unknown>[];
  sessions: Record<string, unknown>[];
  changeLog: Record<string, unknown>[];
}

export function readV12Contents(dbPath: string): V12Contents {
  return withDatabase(dbPath, (db) => ({
    projects: db.prepare('SELECT * FROM projects ORDER BY id').all() as Record<string, unknown>[],
    sessions: db.prepare('SELECT * FROM sessions ORDER BY id').all() as Record<string, unknown>[],
    changeLog: db.prepare('SELECT * FROM change_log ORDER BY seq').all() as Record<string, unknown>[],
  }));
}

function insertRow(db: Database.Database, table: string, row: Record<string, unknown>): void {
  const columns = Object.keys(row);
  db.prepare(
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
  ).run(row);
}

/**
 * Opens read-write and closes again: the last connection to close folds the
 * WAL into `ao.db` and removes `-wal`/`-shm`, the at-rest state a stopped
 * daemon leaves. (A read-only connection would leave both files behind.)
 */
function withDatabase<T>(
  dbPath: string,
  use: (db: Database.Database) => T,
  { create = false }: { create?: boolean } = {},
): T {
  const db = new Database(dbPath, { fileMustExist: !create });
  try {
    return use(db);
  } finally {
    db.close();
  }
}
